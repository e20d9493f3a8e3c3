using Confluent.Kafka;

namespace Streaming.Kinesis.Tests.Support;

/// <summary>A record the test wrote to Kafka, with where it landed.</summary>
public sealed record Produced(int Partition, long Offset, byte[]? Key, byte[] Value)
{
    public string? KeyText => Key is null ? null : System.Text.Encoding.UTF8.GetString(Key);
}

/// <summary>Writes test records to Kafka in order (idempotent producer: per-partition order holds).</summary>
public static class KafkaData
{
    public static async Task<IReadOnlyList<Produced>> ProduceAsync(string bootstrap, string topic, IEnumerable<(byte[]? Key, byte[] Value)> records, int messageMaxBytes = 1_000_000)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 2,
            MessageMaxBytes = messageMaxBytes,
        };
        using var producer = new ProducerBuilder<byte[]?, byte[]>(config).Build();
        var pending = records.Select(r => producer.ProduceAsync(topic, new Message<byte[]?, byte[]> { Key = r.Key, Value = r.Value })).ToList();
        var results = await Task.WhenAll(pending);
        return results.Select((r, i) => new Produced(r.Partition.Value, r.Offset.Value, r.Message.Key, r.Message.Value)).ToList();
    }

    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
