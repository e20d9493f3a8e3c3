using Streaming.Api.Admin;
using Streaming.Queries;

namespace Streaming.Api.Tests;

/// <summary>The partition table from Kafka's, the store's, the cluster's and the local engine's facts, against rows worked out by hand.</summary>
public sealed class PartitionRowsTests
{
    private const string N1 = "akka.tcp://streaming@10.0.0.1:4053";
    private const string N2 = "akka.tcp://streaming@10.0.0.2:4053";
    private const string N3 = "akka.tcp://streaming@10.0.0.3:4053";
    private static readonly DateTimeOffset Now = new(2026, 5, 6, 10, 0, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset Ten = new(2026, 5, 6, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_partition_gets_its_owner_checkpoint_position_lag_and_state()
    {
        var facts = new PartitionFacts
        {
            Topics = [("user_events", 3), ("order_events", 1)],
            Committed = new Dictionary<(string, int), long> { [("user_events", 0)] = 100, [("user_events", 1)] = 10 },
            Ends = new Dictionary<(string, int), long> { [("user_events", 0)] = 130, [("user_events", 1)] = 10, [("user_events", 2)] = 5, [("order_events", 0)] = 0 },
            Assigned = new HashSet<(string, int)> { ("user_events", 0), ("user_events", 1), ("user_events", 2), ("order_events", 0) },
            Checkpoints =
            [
                new PartitionCheckpoint("user_events-0", 4, 99, Ten, N1),
                new PartitionCheckpoint("user_events-1", 2, 9, null, N2),
                new PartitionCheckpoint("user_events-2", 7, null, null, N3),
                new PartitionCheckpoint("order_events-0", 3, 0, Ten.AddSeconds(45), N1),
            ],
            Self = N1,
            LiveMembers = new HashSet<string> { N1, N2 },
            ProcessedHere = new HashSet<string> { "user_events-0" },
            HeldHere = new HashSet<string> { "order_events-0" },
            Now = Now,
        };
        Assert.Equal(
        [
            // Processed here: this node owns it; 130 − 100 behind; the watermark 30 s before now.
            new PartitionRow("user_events", 0, N1, 4, 99, 100, 130, 30, Ten, 30, "processing"),
            // Another live member opened it; it committed up to the end.
            new PartitionRow("user_events", 1, N2, 2, 9, 10, 10, 0, null, null, "processing"),
            // Its stored owner is gone and no commit was made: assigned to a member, processed by none.
            new PartitionRow("user_events", 2, null, 7, null, null, 5, null, null, null, "held"),
            // Held here: no owner although the checkpoint still names this node; a watermark ahead of now is no delay.
            new PartitionRow("order_events", 0, null, 3, 0, null, 0, null, Ten.AddSeconds(45), 0, "held"),
        ], PartitionRows.Assemble(facts));
    }

    [Fact]
    public void Without_assignments_a_partition_nobody_processes_is_unassigned_and_this_nodes_stale_ownership_does_not_count()
    {
        var facts = new PartitionFacts
        {
            Topics = [("product_events", 2)],
            Committed = new Dictionary<(string, int), long> { [("product_events", 0)] = 12 },
            Ends = new Dictionary<(string, int), long> { [("product_events", 0)] = 10 },
            Checkpoints = [new PartitionCheckpoint("product_events-0", 1, 11, Ten, N1)],
            Self = N1,
            LiveMembers = new HashSet<string> { N1 },
            Now = Now,
        };
        Assert.Equal(
        [
            // The end was read before a later commit: never a negative lag.
            new PartitionRow("product_events", 0, null, 1, 11, 12, 10, 0, Ten, 30, "unassigned"),
            // Never opened: nothing stored, nothing known in Kafka.
            new PartitionRow("product_events", 1, null, null, null, null, null, null, null, null, "unassigned"),
        ], PartitionRows.Assemble(facts));
    }

    [Fact]
    public void A_node_outside_the_cluster_reports_stored_owners_that_are_live_members()
    {
        var facts = new PartitionFacts
        {
            Topics = [("user_events", 1)],
            Checkpoints = [new PartitionCheckpoint("user_events-0", 5, 40, null, N2)],
            Self = null,
            LiveMembers = new HashSet<string> { N2 },
            ProcessedHere = new HashSet<string> { "user_events-0" },
            Now = Now,
        };
        Assert.Equal([new PartitionRow("user_events", 0, N2, 5, 40, null, null, null, null, null, "processing")], PartitionRows.Assemble(facts));
    }
}
