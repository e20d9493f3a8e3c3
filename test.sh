#!/usr/bin/env bash
# The one command that runs every test on a fresh Debian 12 + .NET 10 machine.
# It installs what the tests need when missing (kcat, PostgreSQL, awscli from apt; the Kinesis
# emulator from npm), then runs the whole suite. Tests start and stop their own servers on
# free loopback ports.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v kcat >/dev/null 2>&1 || need_apt+=(kcat)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> installing ${need_apt[*]} from apt"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "==> dotnet test (Release)"
dotnet test Streaming.sln -c Release --nologo "$@"
