using System.Net;
using Akka.Actor;
using Akka.Configuration;

namespace Akka.Http.Dsl.Settings;

/// <summary>Settings of the HTTP server, from <c>akka.http.server</c> (defaults in this assembly's reference.conf).</summary>
public sealed class ServerSettings
{
    private ServerSettings(string serverHeader, bool remoteAddressAttribute, int defaultHttpPort, int defaultHttpsPort,
        int terminationDeadlineExceededResponse, TimeSpan terminationHardDeadline)
    {
        ServerHeader = serverHeader;
        RemoteAddressAttribute = remoteAddressAttribute;
        DefaultHttpPort = defaultHttpPort;
        DefaultHttpsPort = defaultHttpsPort;
        TerminationDeadlineExceededResponse = terminationDeadlineExceededResponse;
        TerminationHardDeadline = terminationHardDeadline;
    }

    /// <summary>Value of the Server response header (<c>server-header</c>, default <c>akka-http/1.0</c>); empty sends none.</summary>
    public string ServerHeader { get; }

    /// <summary><c>remote-address-attribute</c> (default off); read for compatibility, Ceen has no request attribute to fill.</summary>
    public bool RemoteAddressAttribute { get; }

    /// <summary>Port used when a binding names none (<c>default-http-port</c>, default 80).</summary>
    public int DefaultHttpPort { get; }

    /// <summary><c>default-https-port</c> (default 443); read for compatibility, this server speaks plain HTTP.</summary>
    public int DefaultHttpsPort { get; }

    /// <summary>Status for requests pending past the termination deadline (<c>termination-deadline-exceeded-response.status</c>, default 503).</summary>
    public int TerminationDeadlineExceededResponse { get; }

    /// <summary>How long coordinated shutdown waits for requests in flight (<c>termination-hard-deadline</c>, default 3 s).</summary>
    public TimeSpan TerminationHardDeadline { get; }

    /// <summary>The settings of <paramref name="system"/>'s configuration.</summary>
    public static ServerSettings Create(ExtendedActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Create(system.Settings.Config);
    }

    /// <summary>The settings under <c>akka.http.server</c> of <paramref name="config"/>, missing keys taken from the defaults; invalid values are refused naming the key.</summary>
    public static ServerSettings Create(Config config)
    {
        var c = (config ?? Config.Empty).WithFallback(Http.DefaultConfig()).GetConfig("akka.http.server");
        var status = c.GetInt("termination-deadline-exceeded-response.status");
        if (!Enum.IsDefined(typeof(HttpStatusCode), status))
            throw new ConfigurationException($"akka.http.server.termination-deadline-exceeded-response.status must be a known HTTP status code, was [{status}].");
        var deadline = c.GetTimeSpan("termination-hard-deadline");
        if (deadline <= TimeSpan.Zero)
            throw new ConfigurationException($"akka.http.server.termination-hard-deadline must be positive, was [{deadline}].");
        return new ServerSettings(
            c.GetString("server-header") ?? "",
            c.GetBoolean("remote-address-attribute"),
            Port(c, "default-http-port"),
            Port(c, "default-https-port"),
            status,
            deadline);
    }

    private static int Port(Config c, string key)
    {
        var port = c.GetInt(key);
        if (port is < 0 or > IPEndPoint.MaxPort)
            throw new ConfigurationException($"akka.http.server.{key} must be a port (0-{IPEndPoint.MaxPort}), was [{port}].");
        return port;
    }
}
