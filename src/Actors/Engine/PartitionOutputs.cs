using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Streaming.Actors.Sessions;
using Streaming.Streams.Contracts;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>The records a processing step publishes, built from what the entities answered.</summary>
public sealed class PartitionOutputs
{
    private readonly List<(string Topic, Message<byte[]?, byte[]> Message)> _records = [];

    public int Count => _records.Count;

    public IReadOnlyList<(string Topic, Message<byte[]?, byte[]> Message)> Records => _records;

    public void Session(UserSession session) => Add(TopicNames.UserSessionAnalytics, session.UserId,
        JsonSerializer.SerializeToUtf8Bytes(session, SessionsJsonContext.Default.UserSession), session.SessionId);

    public void Late(CommittableMessage source, string eventId, DateTimeOffset eventTime, DateTimeOffset watermark, string reason)
    {
        using var original = JsonDocument.Parse(source.Value);
        var record = new LateEventRecord(source.Partition.Topic, source.Partition.Partition.Value, source.Offset, eventId, eventTime, watermark, reason, original.RootElement.Clone());
        Add(TopicNames.LateEvents, source.Key, JsonSerializer.SerializeToUtf8Bytes(record, EngineJsonContext.Default.LateEventRecord), null);
    }

    public void DeadLetter(CommittableMessage source, string error, DateTimeOffset now)
    {
        var record = new DeadLetterRecord(source.Partition.Topic, source.Partition.Partition.Value, source.Offset,
            source.Key is null ? null : Encoding.UTF8.GetString(source.Key), error, Encoding.UTF8.GetString(source.Value), now);
        Add(TopicNames.DeadLetters, source.Key, JsonSerializer.SerializeToUtf8Bytes(record, EngineJsonContext.Default.DeadLetterRecord), null);
    }

    /// <summary>A result record with its deterministic id in the <c>result_id</c> header.</summary>
    public void Result(string topic, string key, byte[] value, string resultId) => Add(topic, key, value, resultId);

    private void Add(string topic, string key, byte[] value, string? resultId) => Add(topic, Encoding.UTF8.GetBytes(key), value, resultId);

    private void Add(string topic, byte[]? key, byte[] value, string? resultId)
    {
        var headers = new Headers { { "content-type", "application/json"u8.ToArray() } };
        if (resultId is not null) headers.Add("result_id", Encoding.UTF8.GetBytes(resultId));
        _records.Add((topic, new Message<byte[]?, byte[]> { Key = key, Value = value, Headers = headers }));
    }

    /// <summary>Publishes every record and returns once Kafka acknowledged all of them.</summary>
    public Task PublishAsync(IProducer<byte[]?, byte[]> producer) =>
        Task.WhenAll(_records.Select(r => producer.ProduceAsync(r.Topic, r.Message)));
}
