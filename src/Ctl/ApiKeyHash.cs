using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Streaming.Ctl;

/// <summary>
/// The API keys of the admin endpoints: the gateway stores only <c>sha256:&lt;64 lowercase hex of SHA-256 over the
/// UTF-8 key&gt;</c> (Streaming:Gateway:ApiKeys), so a leaked configuration gives no key away. Operators make keys with
/// <c>streaming-ctl apikey new</c>. Shared with the gateway: it lives here until both reference one small project.
/// </summary>
public static class ApiKeyHash
{
    public const string Prefix = "sha256:";

    /// <summary>Bytes of randomness in a new key: 256 bits, beyond guessing however many tries.</summary>
    public const int KeyBytes = 32;

    /// <summary>The hash the gateway configuration lists for <paramref name="key"/>.</summary>
    public static string Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>A fresh key: <see cref="KeyBytes"/> random bytes, base64url without padding (safe in headers, URLs and shells).</summary>
    public static string NewKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>
    /// Whether <paramref name="key"/> hashes to one of <paramref name="hashes"/> (compared in constant time, hex case
    /// ignored): what the gateway checks on each admin request.
    /// </summary>
    public static bool Matches(string key, IEnumerable<string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var given = Encoding.ASCII.GetBytes(Of(key));
        var found = false;
        foreach (var hash in hashes)
            found |= CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(hash.Trim().ToLowerInvariant()));
        return found;
    }
}
