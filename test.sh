#!/usr/bin/env bash
# The one command that runs every test on a fresh Debian 12 + .NET 10 machine.
# It installs what the tests need when missing (kcat, PostgreSQL, awscli, kubectl, docker-compose, promtool from apt; the Kinesis
# emulator from npm), then runs the whole suite. Tests start and stop their own servers on
# free loopback ports.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v kcat >/dev/null 2>&1 || need_apt+=(kcat)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql)
[ -x /usr/bin/aws ] || need_apt+=(awscli)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# tests/Deploy.Tests renders k8s/ with kubectl kustomize and validates docker-compose.yml.
command -v kubectl >/dev/null 2>&1 || need_apt+=(kubernetes-client)   # Debian 12 ships kubectl in this package
command -v docker-compose >/dev/null 2>&1 || need_apt+=(docker-compose)
# tests/Deploy.Tests checks and unit-tests deploy/prometheus/alerts.yml with promtool (Debian ships it in prometheus).
command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> installing ${need_apt[*]} from apt"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
  # Only promtool is wanted: under systemd the package also starts a Prometheus server (and node exporter) that
  # would hold port 9090, which docker-compose.yml publishes.
  if [[ " ${need_apt[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null 2>&1; then
    $SUDO systemctl disable --now prometheus prometheus-node-exporter >/dev/null 2>&1 || true
  fi
fi

# npm's kinesalite (the Kinesis emulator the Kinesis tests start on loopback), in the directory they look in.
npm_dir="${STREAMING_NPM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/streaming/npm}"
if [ ! -f "$npm_dir/node_modules/kinesalite/package.json" ]; then
  echo "==> installing kinesalite from npm into $npm_dir"
  mkdir -p "$npm_dir"
  npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error kinesalite@3.3.3 >/dev/null
fi

echo "==> dotnet test (Release)"
dotnet test Streaming.sln -c Release --nologo "$@"
