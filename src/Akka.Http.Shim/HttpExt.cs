using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.Http.Dsl;
using Akka.Http.Dsl.Settings;
using Ceen.Httpd;

namespace Akka.Http;

/// <summary>
/// HTTP server extension of an actor system: binds <see cref="Ceen.Httpd"/> servers that hand requests to
/// <see cref="HttpModuleBase"/> routes. Each binding owns its own listener, so one system can bind several.
/// </summary>
public sealed class HttpExt : IExtension
{
    private readonly ExtendedActorSystem _system;
    private readonly ILoggingAdapter _log;
    private readonly ServerSettings _settings;

    /// <summary>Created by <see cref="Http"/>; adds this assembly's <c>akka.http.server</c> defaults to the system's configuration.</summary>
    public HttpExt(ExtendedActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        _system = system;
        system.Settings.InjectTopLevelFallback(Http.DefaultConfig());
        _log = Logging.GetLogger(system, typeof(HttpExt));
        _settings = ServerSettings.Create(system);
    }

    /// <summary>Starts describing a server on <paramref name="hostname"/> (an IPv4 literal or a name) and <paramref name="port"/> (0: a free port).</summary>
    public ServerBuilder NewServerAt(string hostname, int port) => ServerBuilder.Create(hostname, port, _system);

    /// <summary>
    /// Binds a server that serves <paramref name="routes"/>; without a hostname it binds localhost, without a port
    /// <see cref="ServerSettings.DefaultHttpPort"/>. Fails when the address cannot be bound.
    /// </summary>
    public Task<ServerBinding> BindAndHandleAsync(
        (string Path, HttpModuleBase Module)[] routes,
        string? hostname = null,
        int? port = null,
        ServerSettings? settings = null)
    {
        var effective = settings ?? _settings;
        return BindAsync(routes, hostname ?? "localhost", port ?? effective.DefaultHttpPort, effective, _log);
    }

    internal async Task<ServerBinding> BindAsync(
        IReadOnlyList<(string Path, HttpModuleBase Module)> routes,
        string hostname,
        int port,
        ServerSettings settings,
        ILoggingAdapter log)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        var address = await BindAddress.ResolveAsync(hostname).ConfigureAwait(false);
        // Ceen does not tell which port it bound, so port 0 is turned into a concrete free port first.
        var endpoint = new IPEndPoint(address, port == 0 ? BindAddress.FreePort(address) : port);
        var config = new ServerConfig
        {
            Router = new AkkaRouter(_system, routes),
            DefaultServerName = settings.ServerHeader,
        };
        config.AddLogger(new RequestFailureLog(log).LogAsync);

        var server = RunningServer.Start(endpoint, config, log);
        log.Info("HTTP server listening on {0} with {1} route(s)", endpoint, routes.Count);
        var binding = new ServerBinding(endpoint, server.Unbind, async deadline =>
        {
            var finished = await server.TerminateAsync(deadline).ConfigureAwait(false);
            if (finished) log.Info("HTTP server on {0} stopped", endpoint);
            else log.Warning("HTTP server on {0} still had requests running at the {1} termination deadline; they were left to finish on their own", endpoint, deadline);
            return HttpServerTerminated.Instance;
        });
        return binding.AddToCoordinatedShutdown(settings.TerminationHardDeadline, _system);
    }
}
