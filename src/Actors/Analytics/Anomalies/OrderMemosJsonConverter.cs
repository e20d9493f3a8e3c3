using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Analytics.Anomalies;

/// <summary>
/// A user's order memory in checkpoints as <c>{"order_id": [last event time in epoch ms, flags]}</c>
/// (flags: 1 TOTAL_MISMATCH alerted, 2 created counted): a user keeps one memo per order for the retention, and the
/// whole state is stored at every checkpoint that touches the user, so the memos are most of an order partition's
/// state — compact arrays rather than objects with named fields.
/// </summary>
public sealed class OrderMemosJsonConverter : JsonConverter<ImmutableSortedDictionary<string, OrderMemo>>
{
    private const int MismatchAlerted = 1;
    private const int CreatedCounted = 2;

    /// <inheritdoc />
    public override ImmutableSortedDictionary<string, OrderMemo> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Expected the order memos as an object.");
        var memos = ImmutableSortedDictionary.CreateBuilder<string, OrderMemo>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var orderId = reader.GetString()!;
            reader.Read();
            memos[orderId] = ReadCompact(ref reader);
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("Unterminated order memos.");
        return memos.ToImmutable();
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ImmutableSortedDictionary<string, OrderMemo> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (orderId, memo) in value)
        {
            writer.WriteStartArray(orderId);
            writer.WriteNumberValue(memo.LastEventTime.ToUnixTimeMilliseconds());
            writer.WriteNumberValue((memo.MismatchAlerted ? MismatchAlerted : 0) | (memo.CreatedCounted ? CreatedCounted : 0));
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static OrderMemo ReadCompact(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("An order memo is [time, flags].");
        reader.Read();
        var time = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64());
        reader.Read();
        var flags = reader.GetInt32();
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("An order memo is [time, flags].");
        return new OrderMemo(time, (flags & MismatchAlerted) != 0, (flags & CreatedCounted) != 0);
    }
}
