using System.Net;
using System.Net.Sockets;

namespace Akka.Http.Shim.Tests;

/// <summary>Fresh ports for servers the tests start (Ceen binds without address reuse, so a port is never used twice).</summary>
internal static class FreePorts
{
    /// <summary><paramref name="count"/> distinct ports, each free on <paramref name="address"/> right now.</summary>
    public static int[] On(string address, int count)
    {
        // Held open together so the OS cannot hand out the same port twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Parse(address), 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    public static int On(string address) => On(address, 1)[0];
}
