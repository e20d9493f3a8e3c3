using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Crosscheck.Results;

/// <summary>Writes instants as the result topics do: UTC ISO-8601 with exactly three fractional digits and <c>Z</c>.</summary>
public sealed class UtcMillisecondsConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>The one output format of result times.</summary>
    public const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";

    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return ResultTime.TryParse(text, out var value) ? value : throw new JsonException($"'{text}' is not an ISO-8601 instant.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
    }
}
