using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace Streaming.Api.Tail;

/// <summary>Kafka records as <see cref="TailRecord"/>s.</summary>
public static class TailRecords
{
    public static TailRecord Of(ConsumeResult<byte[]?, byte[]?> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var message = result.Message;
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // A header key may repeat; the last value is the one a reader of the map would expect to win.
        foreach (var header in message.Headers ?? []) headers[header.Key] = Text(header.GetValueBytes()) ?? "";
        DateTimeOffset? timestamp = message.Timestamp.Type == TimestampType.NotAvailable ? null : new DateTimeOffset(message.Timestamp.UtcDateTime, TimeSpan.Zero);
        return new TailRecord(result.Topic, result.Partition.Value, result.Offset.Value, timestamp, Text(message.Key), headers, Value(message.Value));
    }

    /// <summary>The value as JSON when it is one JSON document, else as a JSON string of its text; null when absent.</summary>
    public static JsonElement? Value(byte[]? value)
    {
        if (value is null) return null;
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(Text(value));
        }
    }

    /// <summary>Whether the record's key is <paramref name="key"/> (every record when null).</summary>
    public static bool KeyMatches(byte[]? recordKey, string? key) =>
        key is null || (recordKey is not null && recordKey.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(key)));

    // Bytes that are not UTF-8 show as U+FFFD rather than failing the whole tail.
    private static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}
