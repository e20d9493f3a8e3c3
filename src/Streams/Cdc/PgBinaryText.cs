namespace Streaming.Streams.Cdc;

/// <summary>bytea and bit strings in PostgreSQL's text output, as the bytes Debezium writes for them.</summary>
internal static class PgBinaryText
{
    /// <summary>The bytes of bytea hex output (<c>\x0a1b…</c>, bytea_output=hex as the connector sets it).</summary>
    public static byte[] ParseBytea(string text)
    {
        if (!text.StartsWith("\\x", StringComparison.Ordinal))
            throw new FormatException("bytea is not in hex output (the connector sets bytea_output=hex)");
        return Convert.FromHexString(text.AsSpan(2));
    }

    /// <summary>
    /// A bit string ("10110", most significant bit first) as Debezium's Bits: bit i counted from the right is bit
    /// i % 8 of byte i / 8, and the array is as long as the highest set bit needs (empty when no bit is set).
    /// </summary>
    public static byte[] ParseBits(string text)
    {
        var highest = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '1')
            {
                highest = text.Length - 1 - i;
                break;
            }
            if (text[i] != '0') throw new FormatException($"bit string '{text}'");
        }
        var bytes = new byte[(highest + 8) / 8];
        for (var bit = 0; bit <= highest; bit++)
        {
            var c = text[text.Length - 1 - bit];
            if (c == '1') bytes[bit / 8] |= (byte)(1 << (bit % 8));
            else if (c != '0') throw new FormatException($"bit string '{text}'");
        }
        return bytes;
    }
}
