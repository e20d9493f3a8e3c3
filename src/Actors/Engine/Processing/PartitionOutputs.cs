using System.Text;
using System.Text.Json;
using Streaming.Analytics.Keyed;
using Streaming.Streams.Contracts;

namespace Streaming.Engine.Processing;

/// <summary>The records a processing step publishes: results, late events and dead letters.</summary>
public sealed class PartitionOutputs
{
    private readonly List<ResultRecord> _records = [];

    public int Count => _records.Count;

    public IReadOnlyList<ResultRecord> Records => _records;

    public void Result(ResultRecord record) => _records.Add(record);

    public void Late(ConsumedRecord source, string eventId, DateTimeOffset eventTime, DateTimeOffset watermark, string reason)
    {
        using var original = JsonDocument.Parse(source.Record.Value);
        var record = new LateEventRecord(source.Record.Topic, source.Record.Partition, source.Record.Offset, eventId, eventTime, watermark, reason, original.RootElement.Clone());
        _records.Add(new ResultRecord(TopicNames.LateEvents, source.Key ?? "", JsonSerializer.SerializeToUtf8Bytes(record, EngineJsonContext.Default.LateEventRecord), ""));
    }

    public void DeadLetter(ConsumedRecord source, string error, DateTimeOffset now)
    {
        var record = new DeadLetterRecord(source.Record.Topic, source.Record.Partition, source.Record.Offset, source.Key, error,
            Encoding.UTF8.GetString(source.Record.Value.Span), now);
        _records.Add(new ResultRecord(TopicNames.DeadLetters, source.Key ?? "", JsonSerializer.SerializeToUtf8Bytes(record, EngineJsonContext.Default.DeadLetterRecord), ""));
    }
}
