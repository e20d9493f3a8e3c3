# One image for every role of the platform: a node is a gateway, a processor or both by Streaming__Cluster__Roles
# (docs/configuration.md, section Streaming:Cluster). Used by docker-compose.yml and k8s/.
# No container engine runs on the development machine, so this file has never been built there: it is kept to the
# plain steps of the .NET SDK images on purpose.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# ReadyToRun needs a runtime identifier; linux-x64 matches the usual cluster nodes (use linux-arm64 on arm).
ARG RID=linux-x64
WORKDIR /src
# Only what src/Nodes builds from; .dockerignore keeps bin/, obj/ and data out of the context.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
# ReadyToRun: precompiled code makes start-up (JIT of Akka, ASP.NET Core, Kafka client) faster, which shortens the
# time until a restarted pod is ready again. Framework-dependent: the runtime comes from the aspnet image below.
RUN dotnet publish src/Nodes/Nodes.csproj -c Release -r "$RID" --self-contained false \
      -p:PublishReadyToRun=true -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl for HEALTHCHECK only; the aspnet image has none.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The default SQLite provider writes Streaming:Persistence:DataDirectory (data/, relative to /app); the non-root user
# must own it. Deployments use PostgreSQL, but a bare `docker run` should still start.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
# APP_UID (1654, user "app") is the non-root user the .NET images provide.
USER $APP_UID
# The gateway HTTP port (also /metrics and the probes on every node) and Akka.Management; Akka.Remote uses
# Streaming__Cluster__Port, set by the deployment (4053 in docker-compose.yml and k8s/).
ENV Streaming__Gateway__Urls=http://0.0.0.0:8888
EXPOSE 8888 8558 4053
# /health/live: the actor system runs. Readiness (/health/ready) is not a container health: a node waits for its
# cluster there. A changed Streaming__Gateway__Urls port needs this command changed too.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8888/health/live > /dev/null || exit 1
ENTRYPOINT ["dotnet", "Streaming.Nodes.dll"]
