using System.Text.Json;
using System.Text.Json.Serialization;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>Report times in the result topics' format.</summary>
internal sealed class ReportTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ResultTime.TryParse(reader.GetString(), out var value) ? value : throw new JsonException("Expected an ISO-8601 time.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ResultTime.Format(value));
}
