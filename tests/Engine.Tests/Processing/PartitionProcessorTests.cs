using System.Text.Json;
using Streaming.Analytics.Popularity;
using Streaming.Analytics.Sessions;
using Streaming.Engine.Processing;
using Streaming.Engine.Tests.Support;
using Streaming.Streams.Contracts;

namespace Streaming.Engine.Tests.Processing;

/// <summary>
/// The partition processor's own rules, one step at a time: offsets, lateness judged at each record's arrival, timers,
/// what a step commits, checkpoints across a crash, poison records, and what an idle partition tells a combiner.
/// </summary>
public sealed class PartitionProcessorTests
{
    private static readonly DateTimeOffset T = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Gap = TimeSpan.FromMinutes(5);
    private static readonly EventTimeOptions Time = new() { OutOfOrderness = TimeSpan.FromSeconds(5), IdleAfter = TimeSpan.FromMinutes(1) };

    private static ProcessorDriver<SessionEvent, UserSession> Sessions() => new(new SessionsAnalytic(new SessionOptions(Gap)), eventTime: Time);

    private static byte[] Visit(string id, string user, DateTimeOffset at) => InputJson.Of(new SessionEvent(id, user, at, "page_view", "/", null));

    private static List<UserSession> Emitted(ProcessorDriver<SessionEvent, UserSession> driver) =>
        [.. driver.Sink.Records.Where(r => r.Topic == TopicNames.UserSessionAnalytics).Select(r => JsonSerializer.Deserialize(r.Value, SessionsJsonContext.Default.UserSession)!)];

    private static List<LateRecord> Late(ProcessorDriver<SessionEvent, UserSession> driver) =>
        [.. driver.Sink.Records.Where(r => r.Topic == TopicNames.LateEvents).Select(LateRecord.From)];

    [Fact]
    public async Task Records_at_or_below_the_last_offset_are_not_applied_again()
    {
        using var driver = Sessions();
        await driver.StartAsync();
        await driver.StepAsync(0, Visit("a", "u1", T), Visit("b", "u1", T.AddSeconds(1)));
        // Kafka redelivers 0 and 1 with the next record (a consumer that re-fetched).
        await driver.StepAsync(0, Visit("a", "u1", T), Visit("b", "u1", T.AddSeconds(1)), Visit("c", "u1", T.AddSeconds(2)));
        await driver.StepAsync(3, Visit("d", "u2", T.AddMinutes(10)));

        var session = Assert.Single(Emitted(driver));
        Assert.Equal(("u1", 3), (session.UserId, session.EventCount));
    }

    [Fact]
    public async Task Lateness_is_judged_against_the_watermark_when_the_record_arrived_not_at_the_end_of_its_step()
    {
        // The same three records in one step, in two offset orders: u2's record moves the watermark 10 minutes on.
        using var late = Sessions();
        await late.StartAsync();
        await late.StepAsync(0, Visit("a", "u1", T), Visit("z", "u2", T.AddMinutes(10)), Visit("b", "u1", T.AddSeconds(1)));
        using var inTime = Sessions();
        await inTime.StartAsync();
        await inTime.StepAsync(0, Visit("a", "u1", T), Visit("b", "u1", T.AddSeconds(1)), Visit("z", "u2", T.AddMinutes(10)));

        var judged = Assert.Single(Late(late));
        Assert.Equal("b", judged.EventId);
        Assert.StartsWith("session window closed", judged.Reason, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(Emitted(late)).EventCount);

        Assert.Empty(Late(inTime));
        Assert.Equal(2, Assert.Single(Emitted(inTime)).EventCount);
    }

    [Fact]
    public async Task A_timer_fires_in_the_step_whose_watermark_reaches_it_and_not_before()
    {
        using var driver = Sessions();
        await driver.StartAsync();
        await driver.StepAsync(0, Visit("a", "u1", T));
        // u1's session closes when the watermark (max event time − 5 s) reaches T + 5 min.
        await driver.StepAsync(1, Visit("b", "u2", T + Gap + TimeSpan.FromSeconds(4)));
        Assert.Empty(Emitted(driver));
        await driver.StepAsync(2, Visit("c", "u2", T + Gap + TimeSpan.FromSeconds(5)));
        Assert.Equal(["u1"], Emitted(driver).Select(s => s.UserId));
    }

    [Fact]
    public async Task A_step_commits_what_the_previous_steps_checkpoint_covers()
    {
        using var driver = Sessions();
        await driver.StartAsync();
        Assert.Null(await driver.StepAsync(0, Visit("a", "u1", T), Visit("b", "u1", T.AddSeconds(1))));
        Assert.Equal(1L, await driver.StepAsync(2, Visit("c", "u1", T.AddSeconds(2))));
        Assert.Equal(2L, await driver.TickAsync());
    }

    [Fact]
    public async Task After_a_crash_the_partition_resumes_after_its_last_checkpoint_and_repeats_results_with_the_same_ids_and_contents()
    {
        using var driver = Sessions();
        await driver.StartAsync();
        await driver.StepAsync(0, Visit("a", "u1", T), Visit("b", "u1", T.AddSeconds(1)));
        await driver.StepAsync(2, Visit("c", "u2", T.AddMinutes(10)));
        var before = Emitted(driver);

        // The checkpoint of the last step was stored, not yet confirmed to the entities: the restart starts after it.
        Assert.Equal(3, await driver.CrashAsync());
        // Replayed from an older position (as Kafka does after a commit that did not happen), the records change nothing.
        await driver.StepAsync(0, Visit("a", "u1", T), Visit("b", "u1", T.AddSeconds(1)), Visit("c", "u2", T.AddMinutes(10)));
        await driver.StepAsync(3, Visit("d", "u2", T.AddMinutes(10).AddSeconds(1)), Visit("e", "u3", T.AddMinutes(30)));

        var after = Emitted(driver);
        Assert.Equal(["u1", "u2"], after.Select(s => s.UserId));
        Assert.Equal(before[0], after[0]);
        Assert.Equal(2, after[1].EventCount);
        Assert.Empty(Late(driver));
    }

    [Fact]
    public async Task A_poison_record_goes_to_dead_letters_with_its_position_and_the_partition_goes_on()
    {
        using var driver = Sessions();
        await driver.StartAsync();
        await driver.StepAsync(0, Visit("a", "u1", T), "{not json"u8.ToArray(), Visit("b", "u1", T.AddSeconds(1)));
        await driver.StepAsync(3, Visit("c", "u2", T.AddMinutes(10)));

        var dead = Assert.Single(driver.Sink.Records, r => r.Topic == TopicNames.DeadLetters);
        var root = JsonDocument.Parse(dead.Value).RootElement;
        Assert.Equal((TopicNames.UserEvents, 0, 1L), (root.GetProperty("topic").GetString(), root.GetProperty("partition").GetInt32(), root.GetProperty("offset").GetInt64()));
        Assert.Equal("{not json", root.GetProperty("value").GetString());
        Assert.Equal(2, Assert.Single(Emitted(driver)).EventCount);
    }

    [Fact]
    public async Task An_idle_partition_holds_a_combiner_back_just_before_the_windows_it_has_yet_to_close()
    {
        var options = new PopularityOptions(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), 3);
        var analytic = new PopularityAnalytic(options);
        var combiner = new LocalCombiner<ProductPopularity, TrendingPart, TrendingAggregatorState, TrendingProducts>(new TrendingCombiner(options), 2);
        var time = new EventTimeOptions { OutOfOrderness = TimeSpan.FromSeconds(3), IdleAfter = TimeSpan.FromMinutes(1) };
        using var quiet = new ProcessorDriver<ProductActivity, ProductPopularity>(analytic, 0, eventTime: time, combiner: combiner);
        using var busy = new ProcessorDriver<ProductActivity, ProductPopularity>(analytic, 1, eventTime: time, combiner: combiner);
        await quiet.StartAsync();
        await busy.StartAsync();
        static byte[] View(string id, string product, DateTimeOffset at) => InputJson.Of(new ProductActivity(id, product, at, ProductAction.View, "u", 1, 1m, "c", "b"));

        await quiet.StepAsync(0, View("a1", "a", T.AddSeconds(1)));
        // Idle one second past IdleAfter: its watermark (T − 2 s) moved one second on, short of its first window end (T + 2 s).
        quiet.Clock.Now = quiet.Clock.Now + time.IdleAfter + TimeSpan.FromSeconds(1);
        await quiet.TickAsync();
        Assert.Equal((0, T.AddSeconds(2) - TimeSpan.FromTicks(1), true), combiner.Reports[^1]);

        // The other partition runs far ahead; the quiet one's windows must still count when they close.
        await busy.StepAsync(0, View("b1", "b", T.AddSeconds(30)));
        quiet.Clock.Now = quiet.Clock.Now.AddHours(1);
        await quiet.TickAsync();
        Assert.False(combiner.Reports[^1].Active);
        busy.Clock.Now = busy.Clock.Now.AddHours(1);
        await busy.TickAsync();

        var expected = new[] { 2, 4, 6, 8, 10 }.Select(s => (T.AddSeconds(s), "a"))
            .Concat(new[] { 32, 34, 36, 38, 40 }.Select(s => (T.AddSeconds(s), "b")));
        Assert.Equal(expected, combiner.Released.Select(r => (r.WindowEnd, string.Join(",", r.TopProducts.Select(p => p.ProductId)))));
    }
}
