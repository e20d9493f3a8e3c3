using Confluent.Kafka;
using Streaming.Api.Ingest;

namespace Streaming.Api.Tests;

/// <summary>The gateway's backlog limit for the mock broker, whose partitions keep only ~5 MiB.</summary>
public sealed class BacklogGateTests
{
    private static readonly TopicPartition P0 = new("user_events", 0);
    private static readonly TopicPartition P1 = new("user_events", 1);

    private static Dictionary<TopicPartition, long> Bytes(params (TopicPartition Partition, long Bytes)[] records) =>
        records.ToDictionary(r => r.Partition, r => r.Bytes);

    [Fact]
    public void A_gate_without_a_limit_admits_everything()
    {
        var gate = new BacklogGate();
        Assert.False(gate.Enabled);
        Assert.Null(gate.TryReserve(Bytes((P0, long.MaxValue / 2))));
    }

    [Fact]
    public void Records_written_and_not_yet_committed_count_against_the_limit_of_their_partition_only()
    {
        var gate = new BacklogGate();
        gate.Limit(10_000);
        gate.Observed(P0, start: 0, end: 0, committed: null);
        // 30 records of 300 bytes acknowledged at offsets 0..29: 9,000 bytes behind.
        for (var offset = 0; offset < 30; offset++)
        {
            Assert.Null(gate.TryReserve(Bytes((P0, 300))));
            gate.Settled(P0, 300, offset);
        }
        Assert.InRange(gate.BacklogBytes(P0), 8_000, 9_500);
        Assert.Equal(P0, gate.TryReserve(Bytes((P0, 2_000))));
        // Another partition has room.
        Assert.Null(gate.TryReserve(Bytes((P1, 2_000))));
        // The processors commit offset 20: room again.
        gate.Observed(P0, start: 0, end: 30, committed: 20);
        Assert.Null(gate.TryReserve(Bytes((P0, 2_000))));
    }

    [Fact]
    public void Records_deleted_by_the_broker_are_not_taken_for_processed()
    {
        var gate = new BacklogGate();
        gate.Limit(10_000);
        gate.Observed(P0, start: 0, end: 40, committed: null);
        var before = gate.BacklogBytes(P0);
        gate.Observed(P0, start: 35, end: 40, committed: null);
        Assert.Equal(before, gate.BacklogBytes(P0));
    }

    [Fact]
    public void A_partition_with_no_backlog_admits_a_request_larger_than_the_limit_and_reservations_block_until_settled()
    {
        var gate = new BacklogGate();
        gate.Limit(1_000);
        Assert.Null(gate.TryReserve(Bytes((P0, 5_000))));
        Assert.Equal(P0, gate.TryReserve(Bytes((P0, 1))));
        gate.Settled(P0, 5_000, offset: null);
        Assert.Equal(0, gate.BacklogBytes(P0));
        Assert.Null(gate.TryReserve(Bytes((P0, 100))));
    }
}
