using Confluent.Kafka;
using Streaming.Streams.Broker;

namespace Streaming.Engine.Tests.Support;

/// <summary>A stream whose identity never changes and whose log holds offsets <see cref="Low"/> to <see cref="High"/>.</summary>
public sealed class FixedStreamFacts(StreamIdentity identity) : IStreamFacts
{
    public long Low { get; set; }

    public long High { get; set; }

    public StreamIdentity Identity { get; set; } = identity;

    public Task<StreamIdentity> IdentityAsync(string topic, CancellationToken ct = default) => Task.FromResult(Identity);

    public Task<LogRange> RangeAsync(TopicPartition partition, CancellationToken ct = default) => Task.FromResult(new LogRange(Low, High));
}
