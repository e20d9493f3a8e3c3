using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Engine.Processing;
using Streaming.Streams.Broker;

namespace Streaming.Engine.Tests.Processing;

public sealed class ResumePlannerTests
{
    private const string Reset = "streaming-ctl state reset --topic user_events --partition 2";
    private static readonly StreamIdentity Stream = new("cluster-a", "topic-1");
    private static readonly StreamIdentity Recreated = new("cluster-a", "topic-2");

    private static ResumePlan Plan(StreamIdentity? stored, long checkpoint, LogRange log, bool embedded = false, LostRecordsPolicy policy = LostRecordsPolicy.Fail) =>
        ResumePlanner.Plan("user_events-2", stored, checkpoint, Stream, log, embedded, policy, Reset);

    [Fact]
    public void A_partition_never_checkpointed_starts_at_the_start_of_its_log()
    {
        var plan = Plan(null, -1, new LogRange(40, 90));
        Assert.Equal(new ResumePlan(ResumeKind.Resume, 40, 39, 0, null), plan);
    }

    [Fact]
    public void The_same_stream_resumes_after_its_checkpoint()
    {
        Assert.Equal(new ResumePlan(ResumeKind.Resume, 51, 50, 0, null), Plan(Stream, 50, new LogRange(0, 90)));
        // Everything processed: resumes at the log's end.
        Assert.Equal(new ResumePlan(ResumeKind.Resume, 90, 89, 0, null), Plan(Stream, 89, new LogRange(0, 90)));
        // The checkpoint's next record is the oldest one kept: nothing lost.
        Assert.Equal(new ResumePlan(ResumeKind.Resume, 40, 39, 0, null), Plan(Stream, 39, new LogRange(40, 90)));
    }

    [Fact]
    public void Another_stream_on_the_embedded_broker_starts_from_fresh_state_and_says_why()
    {
        var plan = Plan(Recreated, 50, new LogRange(0, 20), embedded: true);
        Assert.Equal(ResumeKind.Fresh, plan.Kind);
        Assert.Equal((0L, -1L, 0L), (plan.StartOffset, plan.LastProcessed, plan.Unprocessable));
        Assert.Contains("topic-2", plan.Message, StringComparison.Ordinal);
        Assert.Contains("topic-1", plan.Message, StringComparison.Ordinal);
        Assert.Contains("fresh state", plan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_stream_on_an_external_cluster_is_held_and_the_message_names_both_identities_and_the_reset_command()
    {
        var plan = Plan(Recreated, 50, new LogRange(0, 20), policy: LostRecordsPolicy.Reset);
        Assert.True(plan.Held);
        Assert.Contains("user_events-2", plan.Message, StringComparison.Ordinal);
        Assert.Contains(Recreated.ToString(), plan.Message, StringComparison.Ordinal);
        Assert.Contains(Stream.ToString(), plan.Message, StringComparison.Ordinal);
        Assert.EndsWith(Reset, plan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_deleted_before_they_were_processed_are_counted_and_handled_by_the_policy()
    {
        var failed = Plan(Stream, 9, new LogRange(25, 90));
        Assert.True(failed.Held);
        Assert.Equal(15, failed.Unprocessable);
        Assert.Contains("15 records (offsets 10 to 24)", failed.Message, StringComparison.Ordinal);
        Assert.Contains("LostRecords=reset", failed.Message, StringComparison.Ordinal);
        Assert.Contains(Reset, failed.Message, StringComparison.Ordinal);

        var reset = Plan(Stream, 9, new LogRange(25, 90), policy: LostRecordsPolicy.Reset);
        Assert.Equal(ResumeKind.Resume, reset.Kind);
        Assert.Equal((25L, 9L, 15L), (reset.StartOffset, reset.LastProcessed, reset.Unprocessable));
        Assert.Contains("15 records", reset.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_beyond_the_log_end_is_counted_and_handled_by_the_policy()
    {
        var failed = Plan(Stream, 499, new LogRange(0, 100));
        Assert.True(failed.Held);
        Assert.Equal(400, failed.Unprocessable);
        Assert.Contains("beyond the log's end 100", failed.Message, StringComparison.Ordinal);

        // Reset: the state's offsets belong to a log that is gone, so it is dropped; reading goes on from the end.
        var reset = Plan(Stream, 499, new LogRange(0, 100), policy: LostRecordsPolicy.Reset);
        Assert.Equal(ResumeKind.Fresh, reset.Kind);
        Assert.Equal((100L, 99L, 400L), (reset.StartOffset, reset.LastProcessed, reset.Unprocessable));
    }

    [Property(MaxTest = 500)]
    public Property Every_plan_reads_inside_the_log_and_skips_only_what_the_state_reflects() =>
        Prop.ForAll(
            (from low in Gen.Choose(0, 60)
             from length in Gen.Choose(0, 60)
             from checkpoint in Gen.Choose(-1, 120)
             from policy in Gen.Elements(LostRecordsPolicy.Fail, LostRecordsPolicy.Reset)
             from same in Gen.Elements(true, false)
             select (low, length, checkpoint, policy, same)).ToArbitrary(),
            input =>
            {
                var (low, length, checkpoint, policy, same) = input;
                var log = new LogRange(low, low + length);
                var stored = checkpoint < 0 ? null : same ? Stream : Recreated;
                var plan = Plan(stored, checkpoint, log, embedded: false, policy);
                if (plan.Held)
                {
                    // Held only for another stream, or for records that cannot be processed under the fail policy.
                    Assert.True(stored == Recreated || (policy == LostRecordsPolicy.Fail && plan.Unprocessable > 0));
                    return;
                }
                Assert.InRange(plan.StartOffset, log.Low, log.High);
                // Records from the start on are read; none between the state's offset and the start is skipped silently.
                Assert.True(plan.LastProcessed < plan.StartOffset);
                var gap = plan.StartOffset - (plan.LastProcessed + 1);
                Assert.True(gap == 0 || plan.Unprocessable > 0);
                if (plan.Kind == ResumeKind.Resume && stored is not null) Assert.Equal(checkpoint, plan.LastProcessed);
            });
}
