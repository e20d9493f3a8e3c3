using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Streaming.Streams.Kinesis;

/// <summary>
/// The Kinesis partition key of a Kafka record. Kinesis wants 1–256 Unicode characters; a Kafka key
/// is any bytes. The mapping is a function of the key's bytes alone, so one Kafka key always lands
/// on one shard and keeps its order:
/// <list type="bullet">
/// <item>a key that is valid UTF-8 of 1–256 UTF-16 code units is used verbatim;</item>
/// <item>any other non-null key (empty, longer, or not UTF-8) becomes <c>"sha256:" + 64 hex digits</c> of its bytes;</item>
/// <item>a null key follows <see cref="NullKeyMode"/>.</item>
/// </list>
/// Two Kafka keys may share a partition key only by a SHA-256 collision or when one key's text is
/// literally another's hashed form; sharing a partition key only adds an ordering constraint (never
/// loses one), so it costs throughput, not correctness.
/// </summary>
public static class PartitionKeys
{
    /// <summary>Kinesis' longest partition key, counted in characters.</summary>
    public const int MaxLength = 256;

    private const string HashPrefix = "sha256:";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string For(ReadOnlySpan<byte> key, bool keyIsNull, int partition, long offset, NullKeyMode nullKeys)
    {
        if (keyIsNull)
        {
            return nullKeys == NullKeyMode.PerPartition
                ? "partition-" + partition.ToString(CultureInfo.InvariantCulture)
                : partition.ToString(CultureInfo.InvariantCulture) + ":" + offset.ToString(CultureInfo.InvariantCulture);
        }
        var text = TryDecode(key);
        return text is { Length: >= 1 and <= MaxLength } ? text : Hashed(key);
    }

    /// <summary>Convenience overload: a null array is a null key.</summary>
    public static string For(byte[]? key, int partition, long offset, NullKeyMode nullKeys) =>
        For(key, key is null, partition, offset, nullKeys);

    private static string? TryDecode(ReadOnlySpan<byte> key)
    {
        // A key longer than 256 characters has more than 256 bytes; skip decoding what will be hashed anyway
        // (256 characters may take up to 4 bytes each in UTF-8).
        if (key.Length == 0 || key.Length > MaxLength * 4) return null;
        try
        {
            return StrictUtf8.GetString(key);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Hashed(ReadOnlySpan<byte> key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(key, hash);
        return HashPrefix + Convert.ToHexStringLower(hash);
    }
}
