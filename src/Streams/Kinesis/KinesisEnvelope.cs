using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Streaming.Streams.Kinesis;

/// <summary>
/// The data of every Kinesis record the forwarder writes: one JSON object per Kafka record, so a
/// consumer can de-duplicate on (<c>topic</c>, <c>partition</c>, <c>offset</c>) — the forwarding is
/// at-least-once — and still has the original key, value, timestamp and headers.
/// <code>
/// {"version":1,"topic":"user_events","partition":2,"offset":1234,
///  "timestamp":"2026-12-07T10:00:00.123Z","timestamp_type":"create",
///  "key":"u-1","key_encoding":"utf8",
///  "value":{"user_id":"u-1","event_type":"click"},"value_encoding":"json",
///  "headers":[{"key":"content-type","value":"application/json","encoding":"utf8"}]}
/// </code>
/// <list type="bullet">
/// <item><c>value</c> is embedded as JSON when the Kafka value is a UTF-8 JSON document
/// (<c>value_encoding</c> <c>json</c>), as a string when it is other UTF-8 text (<c>utf8</c>), else as
/// base64 (<c>base64</c>); a tombstone has <c>"value":null</c> and no <c>value_encoding</c>.</item>
/// <item><c>key</c> and header values: a string (<c>utf8</c>) or base64 (<c>base64</c>); null when absent.</item>
/// <item><c>timestamp</c>: UTC ISO-8601 with milliseconds, null when the record has none;
/// <c>timestamp_type</c> is <c>create</c>, <c>log_append</c> or <c>none</c>.</item>
/// <item><c>headers</c> is left out when the record has none.</item>
/// </list>
/// </summary>
public static class KinesisEnvelope
{
    /// <summary>The <c>version</c> field written now; readers should reject versions they do not know.</summary>
    public const int Version = 1;

    private static readonly JsonReaderOptions StrictJson = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    public static byte[] Encode(KafkaRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>(256 + (record.Value?.Length ?? 0) * 4 / 3 + (record.Key?.Length ?? 0) * 4 / 3);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version"u8, Version);
            writer.WriteString("topic"u8, record.Topic);
            writer.WriteNumber("partition"u8, record.Partition);
            writer.WriteNumber("offset"u8, record.Offset);
            if (record.TimestampMs is { } ms)
                writer.WriteString("timestamp"u8, DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            else
                writer.WriteNull("timestamp"u8);
            writer.WriteString("timestamp_type"u8, record.TimestampType switch
            {
                KafkaTimestampType.Create => "create",
                KafkaTimestampType.LogAppend => "log_append",
                _ => "none",
            });
            WriteBytes(writer, "key"u8, "key_encoding"u8, record.Key, allowJson: false);
            WriteBytes(writer, "value"u8, "value_encoding"u8, record.Value, allowJson: true);
            if (record.Headers.Count > 0)
            {
                writer.WriteStartArray("headers"u8);
                foreach (var (name, value) in record.Headers)
                {
                    writer.WriteStartObject();
                    writer.WriteString("key"u8, name);
                    WriteBytes(writer, "value"u8, "encoding"u8, value, allowJson: false);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads an envelope back (for consumers written in .NET, and for tests).</summary>
    /// <exception cref="FormatException">Not an envelope of a known version.</exception>
    public static KafkaRecord Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data, StrictJson);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var version = root.GetProperty("version").GetInt32();
            if (version != Version) throw new FormatException($"Unknown envelope version {version}.");
            var timestamp = root.GetProperty("timestamp");
            var headers = new List<KeyValuePair<string, byte[]?>>();
            if (root.TryGetProperty("headers", out var list))
                foreach (var header in list.EnumerateArray())
                    headers.Add(new(header.GetProperty("key").GetString()!, ReadBytes(header, "value", "encoding")));
            return new KafkaRecord(
                root.GetProperty("topic").GetString()!,
                root.GetProperty("partition").GetInt32(),
                root.GetProperty("offset").GetInt64(),
                ReadBytes(root, "key", "key_encoding"),
                ReadBytes(root, "value", "value_encoding"),
                timestamp.ValueKind == JsonValueKind.Null ? null : DateTimeOffset.Parse(timestamp.GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
                root.GetProperty("timestamp_type").GetString() switch
                {
                    "create" => KafkaTimestampType.Create,
                    "log_append" => KafkaTimestampType.LogAppend,
                    _ => KafkaTimestampType.None,
                },
                headers);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("Not a Kafka record envelope: " + e.Message, e);
        }
    }

    private static void WriteBytes(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> encodingName, byte[]? bytes, bool allowJson)
    {
        if (bytes is null)
        {
            writer.WriteNull(name);
            return;
        }
        if (Utf8.IsValid(bytes))
        {
            if (allowJson && IsJsonDocument(bytes))
            {
                writer.WritePropertyName(name);
                // Validated just above: a complete, strict JSON document of valid UTF-8.
                writer.WriteRawValue(bytes, skipInputValidation: true);
                writer.WriteString(encodingName, "json"u8);
                return;
            }
            writer.WriteString(name, bytes);
            writer.WriteString(encodingName, "utf8"u8);
            return;
        }
        writer.WriteBase64String(name, bytes);
        writer.WriteString(encodingName, "base64"u8);
    }

    private static byte[]? ReadBytes(JsonElement parent, string name, string encodingName)
    {
        var value = parent.GetProperty(name);
        if (value.ValueKind == JsonValueKind.Null) return null;
        return parent.GetProperty(encodingName).GetString() switch
        {
            "json" => Encoding.UTF8.GetBytes(value.GetRawText()),
            "utf8" => Encoding.UTF8.GetBytes(value.GetString()!),
            "base64" => value.GetBytesFromBase64(),
            var other => throw new FormatException($"Unknown encoding '{other}' of '{name}'."),
        };
    }

    private static bool IsJsonDocument(ReadOnlySpan<byte> bytes)
    {
        // Surrounding whitespace would not survive a reader taking the embedded value's raw text:
        // such a value travels as a string, so decoding gives back the exact bytes.
        if (bytes.Length == 0 || IsJsonWhitespace(bytes[0]) || IsJsonWhitespace(bytes[^1])) return false;
        var reader = new Utf8JsonReader(bytes, StrictJson);
        try
        {
            if (!reader.Read()) return false;
            reader.Skip();
            // Utf8JsonReader refuses anything but whitespace after the root value when asked for more.
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJsonWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
