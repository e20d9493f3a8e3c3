using System.Net;
using System.Net.Sockets;

namespace Akka.Http;

/// <summary>Turns the hostname a server is asked to bind into the IPv4 address Ceen can bind.</summary>
internal static class BindAddress
{
    /// <summary>The address to bind for <paramref name="hostname"/>: the literal itself, or the first IPv4 address its name resolves to.</summary>
    public static async Task<IPAddress> ResolveAsync(string hostname)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostname);
        var literal = ParseLiteral(hostname);
        if (literal is not null) return Choose([literal], hostname);
        var resolved = await Dns.GetHostAddressesAsync(hostname).ConfigureAwait(false);
        return Choose(resolved, hostname);
    }

    /// <summary>An IP literal, with or without the brackets of an IPv6 URI host; null for a name.</summary>
    public static IPAddress? ParseLiteral(string hostname)
    {
        var trimmed = hostname.Length > 1 && hostname[0] == '[' && hostname[^1] == ']' ? hostname[1..^1] : hostname;
        return IPAddress.TryParse(trimmed, out var address) ? address : null;
    }

    /// <summary>
    /// The first IPv4 candidate (IPv4-mapped IPv6 counts as IPv4). Ceen.Httpd opens an IPv4 socket for every
    /// IP endpoint, so an IPv6-only host cannot be served and is refused with a clear error instead.
    /// </summary>
    public static IPAddress Choose(IReadOnlyList<IPAddress> candidates, string hostname)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.AddressFamily == AddressFamily.InterNetwork) return candidate;
            if (candidate.IsIPv4MappedToIPv6) return candidate.MapToIPv4();
        }
        throw new ArgumentException(
            candidates.Count == 0
                ? $"HTTP bind hostname '{hostname}' resolves to no address."
                : $"HTTP bind hostname '{hostname}' resolves to no IPv4 address ({string.Join(", ", candidates)}); Ceen.Httpd binds IPv4 only.",
            nameof(hostname));
    }

    /// <summary>A port that is free on <paramref name="address"/> right now (the OS picks it).</summary>
    public static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
