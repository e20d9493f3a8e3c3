using Akka.Actor;
using Akka.Event;
using Akka.Http.Dsl.Settings;

namespace Akka.Http.Dsl;

/// <summary>
/// Immutable description of a server to bind, from <see cref="HttpExt.NewServerAt"/>: each method returns a changed
/// copy; <see cref="Bind"/> starts the server.
/// </summary>
public sealed class ServerBuilder
{
    private readonly ExtendedActorSystem _system;

    private ServerBuilder(string hostname, int port, ILoggingAdapter log, ServerSettings settings, ExtendedActorSystem system)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostname);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(settings);
        Hostname = hostname;
        Port = port;
        Log = log;
        Settings = settings;
        _system = system;
    }

    /// <summary>Interface to bind: an IPv4 literal, or a name resolved to its first IPv4 address.</summary>
    public string Hostname { get; }

    /// <summary>Port to bind; 0 binds a free port (see <see cref="ServerBinding.LocalAddress"/>).</summary>
    public int Port { get; }

    /// <summary>Where the server logs binding, shutdown and failed requests.</summary>
    public ILoggingAdapter Log { get; }

    /// <summary>Settings of the server.</summary>
    public ServerSettings Settings { get; }

    internal static ServerBuilder Create(string hostname, int port, ExtendedActorSystem system) =>
        new(hostname, port, Logging.GetLogger(system, typeof(HttpExt)), ServerSettings.Create(system), system);

    /// <summary>The same server on another interface.</summary>
    public ServerBuilder OnInterface(string newInterface) => new(newInterface, Port, Log, Settings, _system);

    /// <summary>The same server on another port.</summary>
    public ServerBuilder OnPort(int newPort) => new(Hostname, newPort, Log, Settings, _system);

    /// <summary>The same server logging to <paramref name="log"/>.</summary>
    public ServerBuilder LogTo(ILoggingAdapter log) => new(Hostname, Port, log, Settings, _system);

    /// <summary>The same server with other settings.</summary>
    public ServerBuilder WithSettings(ServerSettings settings) => new(Hostname, Port, Log, settings, _system);

    /// <summary>Binds the server and serves <paramref name="routes"/>; fails when the address cannot be bound.</summary>
    public Task<ServerBinding> Bind((string Path, HttpModuleBase Module)[] routes) =>
        _system.Http().BindAsync(routes, Hostname, Port, Settings, Log);
}
