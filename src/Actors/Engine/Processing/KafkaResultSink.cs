using System.Text;
using Confluent.Kafka;
using Streaming.Analytics.Keyed;

namespace Streaming.Engine.Processing;

/// <summary>Publishes result records with the node's result producer: the result id in header <c>result_id</c> (when it has one), JSON content type.</summary>
public sealed class KafkaResultSink(IProducer<byte[]?, byte[]> producer) : IResultSink
{
    private static readonly byte[] Json = "application/json"u8.ToArray();

    public Task PublishAsync(IReadOnlyList<ResultRecord> records)
    {
        if (records.Count == 0) return Task.CompletedTask;
        var acks = new Task[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var headers = new Headers { { "content-type", Json } };
            if (record.ResultId.Length > 0) headers.Add("result_id", Encoding.UTF8.GetBytes(record.ResultId));
            acks[i] = producer.ProduceAsync(record.Topic, new Message<byte[]?, byte[]>
            {
                Key = record.Key.Length == 0 ? null : Encoding.UTF8.GetBytes(record.Key), Value = record.Value, Headers = headers,
            });
        }
        return Task.WhenAll(acks);
    }
}
