using Akka;
using Akka.Streams.Dsl;
using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>
/// A partition assigned to a <see cref="KafkaConsumer.ManualPartitionedSource"/>: its records, once the application
/// said where to start (<see cref="StartFrom"/>), and a token cancelled when the partition is no longer assigned.
/// </summary>
public sealed class AssignedPartition
{
    private readonly PartitionBuffer _buffer;
    private readonly ConsumerLoop _loop;

    internal AssignedPartition(PartitionBuffer buffer, ConsumerLoop loop)
    {
        _buffer = buffer;
        _loop = loop;
        Messages = Source.FromGraph(new PartitionSubSourceStage(buffer));
    }

    public TopicPartition Partition => _buffer.Partition;

    /// <summary>The partition's records from the start offset on; materialize once.</summary>
    public Source<CommittableMessage, NotUsed> Messages { get; }

    /// <summary>Completes when the partition is revoked or lost, or the source stops.</summary>
    public Task Released => _buffer.Released;

    /// <summary>
    /// Delivery starts at <paramref name="offset"/> (an offset, <see cref="Offset.Beginning"/> or <see cref="Offset.End"/>).
    /// A position outside the partition's log fails <see cref="Messages"/> with <see cref="KafkaOffsetOutOfRangeException"/>
    /// when the consumer's <c>auto.offset.reset</c> is <c>error</c>.
    /// </summary>
    public void StartFrom(Offset offset) => _loop.RequestStart(_buffer, offset);
}
