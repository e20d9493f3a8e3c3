using System.Net;
using System.Net.Sockets;

namespace Streaming.Nodes;

/// <summary>
/// Fails the start at once when a port the node is configured to listen on is taken, before the broker, the actor
/// system and the engine start only to be stopped again (the server binds last).
/// </summary>
public static class PortCheck
{
    public static void EnsureFree(IEnumerable<string> urls, string hostname, int remotingPort)
    {
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Port == 0) continue;
            var address = uri.Host is "0.0.0.0" or "localhost" ? IPAddress.Any : IPAddress.TryParse(uri.Host, out var ip) ? ip : null;
            if (address is not null && !Free(address, uri.Port))
                throw new StartupException($"the gateway address {url} is in use: stop the process that uses it, or choose another with Streaming__Gateway__Urls (e.g. http://0.0.0.0:{uri.Port + 1})");
        }
        if (remotingPort != 0 && IPAddress.TryParse(hostname, out var remoting) && !Free(remoting, remotingPort))
            throw new StartupException($"the cluster port {hostname}:{remotingPort} is in use: stop the process that uses it, or choose another with Streaming__Cluster__Port");
    }

    private static bool Free(IPAddress address, int port)
    {
        try
        {
            using var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return false;
        }
    }
}
