using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Confluent.Kafka;

namespace Streaming.Streams.Kinesis;

/// <summary>
/// Reports poison records to a Kafka topic (by default the product's <c>dead_letters</c>), keyed by
/// the original key, as JSON:
/// <code>
/// {"topic":"user_events","partition":1,"offset":42,"key":"u-1","key_encoding":"utf8",
///  "timestamp":"2026-12-07T10:00:00.123Z","stream":"events","error":"record of 1300000 bytes exceeds …",
///  "value_bytes":1299800,"envelope_bytes":1300000,"detected_at":"2026-12-07T10:00:01.456Z"}
/// </code>
/// The value itself is not copied (a record too large for Kinesis is usually too large for a
/// dead-letter topic too); it stays in the source topic at topic/partition/offset for its retention.
/// </summary>
public sealed class KafkaDeadLetterSink : IPoisonRecordSink, IDisposable
{
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly string _topic;

    public KafkaDeadLetterSink(string bootstrapServers, string topic, IReadOnlyDictionary<string, string>? kafkaProperties = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        _topic = topic;
        var config = new ProducerConfig();
        foreach (var (key, value) in kafkaProperties ?? new Dictionary<string, string>()) config.Set(key, value);
        config.BootstrapServers = bootstrapServers;
        config.Acks = Acks.All;
        config.EnableIdempotence = true;
        _producer = new ProducerBuilder<byte[]?, byte[]>(config).Build();
    }

    public async Task ReportAsync(PoisonRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        var message = new Message<byte[]?, byte[]>
        {
            Key = record.Source.Key,
            Value = Serialize(record),
            Headers = new Headers { { "content-type", "application/json"u8.ToArray() } },
        };
        await _producer.ProduceAsync(_topic, message, ct).ConfigureAwait(false);
    }

    /// <summary>The JSON of a dead-letter report.</summary>
    public static byte[] Serialize(PoisonRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var source = record.Source;
            writer.WriteStartObject();
            writer.WriteString("topic", source.Topic);
            writer.WriteNumber("partition", source.Partition);
            writer.WriteNumber("offset", source.Offset);
            if (source.Key is null)
            {
                writer.WriteNull("key");
            }
            else if (Utf8.IsValid(source.Key))
            {
                writer.WriteString("key", source.Key);
                writer.WriteString("key_encoding", "utf8");
            }
            else
            {
                writer.WriteBase64String("key", source.Key);
                writer.WriteString("key_encoding", "base64");
            }
            if (source.TimestampMs is { } ms) writer.WriteString("timestamp", Iso(DateTimeOffset.FromUnixTimeMilliseconds(ms)));
            else writer.WriteNull("timestamp");
            writer.WriteString("stream", record.Stream);
            writer.WriteString("error", record.Error);
            writer.WriteNumber("value_bytes", source.Value?.Length ?? 0);
            writer.WriteNumber("envelope_bytes", record.EnvelopeBytes);
            writer.WriteString("detected_at", Iso(record.DetectedAt));
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
