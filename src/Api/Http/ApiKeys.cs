using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Streaming.Api.Http;

/// <summary>
/// The accepted API keys, held as their SHA-256 digests only: a request's key is hashed and compared with each of them
/// in constant time, so neither the configuration nor the timing of an answer gives a key away.
/// </summary>
public sealed class ApiKeys
{
    private readonly byte[][] _digests;

    /// <param name="hashes">Configured hashes (<see cref="ApiKeyHash"/>); a malformed one throws <see cref="ArgumentException"/>.</param>
    public ApiKeys(IEnumerable<string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var digests = new List<byte[]>();
        foreach (var (hash, i) in hashes.Select((h, i) => (h, i)))
        {
            digests.Add(ApiKeyHash.Parse(hash) ?? throw new ArgumentException(Malformed(i), nameof(hashes)));
        }
        _digests = [.. digests];
    }

    /// <summary>Whether no key is configured (admin endpoints open).</summary>
    public bool Open => _digests.Length == 0;

    public ApiKeyVerdict Check(string? given)
    {
        if (Open) return ApiKeyVerdict.Open;
        if (string.IsNullOrEmpty(given)) return ApiKeyVerdict.Missing;
        var digest = ApiKeyHash.Digest(given);
        var matched = false;
        // Every configured digest is compared, so the time taken does not tell which one (if any) matched.
        foreach (var candidate in _digests) matched |= CryptographicOperations.FixedTimeEquals(digest, candidate);
        return matched ? ApiKeyVerdict.Accepted : ApiKeyVerdict.Unknown;
    }

    /// <summary>
    /// The keys of section <c>Streaming:Gateway</c>: <c>ApiKeys</c> as a list (<c>Streaming__Gateway__ApiKeys__0</c>) or
    /// one comma-separated value, which the binder alone would ignore, leaving the endpoints open. A malformed hash, or
    /// the plain <c>ApiKey</c> setting this replaced, stops the node rather than leave the endpoints open.
    /// </summary>
    public static ApiKeys From(IConfiguration gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        if (!string.IsNullOrEmpty(gateway["ApiKey"]))
            throw Invalid("Streaming:Gateway:ApiKey is no longer read; configure the key's hash in Streaming:Gateway:ApiKeys instead (streaming-ctl apikey hash <key> prints it)");
        var section = gateway.GetSection(nameof(GatewayOptions.ApiKeys));
        var hashes = section.Value is { Length: > 0 } scalar
            ? scalar.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0).ToArray();
        for (var i = 0; i < hashes.Length; i++)
        {
            if (ApiKeyHash.Parse(hashes[i]) is null) throw Invalid($"Streaming:Gateway:ApiKeys: {Malformed(i)}");
        }
        return new ApiKeys(hashes);
    }

    // The message names the hash by position only: a misplaced key could be pasted where its hash belongs.
    private static string Malformed(int index) =>
        $"hash {index} is not '{ApiKeyHash.Prefix}' followed by the 64 hex digits of a SHA-256 (streaming-ctl apikey hash <key> prints one)";

    private static OptionsValidationException Invalid(string failure) =>
        new(GatewayOptions.Section, typeof(GatewayOptions), [failure]);
}
