using System.Text.Json;

namespace Streaming.Streams.Contracts;

/// <summary>Reads ISO-8601 timestamps (System.Text.Json's ISO 8601-1:2019 profile): with an offset
/// (<c>Z</c>, <c>+09:00</c>) or without (then UTC); a space instead of <c>T</c> is accepted.
/// The result is UTC truncated to milliseconds.</summary>
internal static class IsoTimestamp
{
    public static bool TryRead(JsonElement element, string text, out DateTimeOffset value)
    {
        value = default;
        if (element.TryGetDateTime(out var dateTime))
        {
            return Finish(dateTime, element.TryGetDateTimeOffset(out var withOffset), withOffset, out value);
        }

        // Python's str(datetime) writes "2026-11-25 10:00:00": retry with 'T'.
        if (text.Length is > 10 and <= 64 && text[10] == ' ')
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(
                string.Concat(text.AsSpan(0, 10), "T", text.AsSpan(11)), ContractsJsonContext.Default.String);
            var reader = new Utf8JsonReader(json);
            return reader.Read() && TryRead(ref reader, out value);
        }

        return false;
    }

    public static bool TryRead(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        return reader.TryGetDateTime(out var dateTime)
            && Finish(dateTime, reader.TryGetDateTimeOffset(out var withOffset), withOffset, out value);
    }

    private static bool Finish(DateTime dateTime, bool hasOffsetValue, DateTimeOffset withOffset, out DateTimeOffset value)
    {
        if (dateTime.Kind == DateTimeKind.Unspecified)
        {
            value = UtcTimestamp.Normalize(new DateTimeOffset(dateTime, TimeSpan.Zero));
            return true;
        }

        value = hasOffsetValue ? UtcTimestamp.Normalize(withOffset) : default;
        return hasOffsetValue;
    }
}
