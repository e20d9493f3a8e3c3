using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary>Writes a <see cref="DateTimeOffset"/> as UTC ISO-8601 with milliseconds
/// (<c>2026-11-25T10:00:00.123Z</c>); reads ISO-8601, taking a value without offset as UTC.</summary>
public sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && IsoTimestamp.TryRead(ref reader, out var value))
        {
            return value;
        }

        throw new JsonException("Expected an ISO-8601 timestamp string.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> buffer = stackalloc byte[40];
        if (!UtcTimestamp.Normalize(value).TryFormat(buffer, out var written, UtcTimestamp.Format, CultureInfo.InvariantCulture))
        {
            throw new JsonException("Timestamp could not be formatted.");
        }

        writer.WriteStringValue(buffer[..written]);
    }
}
