using Streaming.Analytics.Keyed;
using Streaming.Engine.Processing;
using Streaming.Engine.State;

namespace Streaming.Engine.Tests.Support;

/// <summary>How a run feeds the processor: batch sizes (cycled; 0 means a clock tick), checkpoint cadence, and crashes.</summary>
public sealed record RunPlan
{
    public IReadOnlyList<int> Batches { get; init; } = [1];

    /// <summary>Steps between checkpoints (the checkpoint interval is a number of steps: the clock does not move while records arrive).</summary>
    public int CheckpointEverySteps { get; init; } = 1;

    /// <summary>After these steps (counted over the whole run) the node dies: its processor and entities go, a new processor resumes from the backend.</summary>
    public IReadOnlySet<int> CrashAfterSteps { get; init; } = new HashSet<int>();

    /// <summary>Every key leaves memory after each confirmed checkpoint, so each state round-trips through the backend.</summary>
    public bool EvictAfterCheckpoint { get; init; }

    /// <summary>Live entities a partition keeps at most.</summary>
    public int LiveEntities { get; init; } = 20_000;

    /// <summary>Timers loaded from the backend at a time.</summary>
    public int TimersInMemory { get; init; } = 10_000;
}

/// <summary>What a run published: every record in publish order (republished ones included).</summary>
public sealed record RunResult(IReadOnlyList<ResultRecord> Records, int Crashes)
{
    public IEnumerable<ResultRecord> On(string topic) => Records.Where(r => r.Topic == topic);

    /// <summary>The records of a topic once per result id (the first), failing when one id was published with two contents.</summary>
    public IReadOnlyList<ResultRecord> Distinct(string topic)
    {
        var seen = new Dictionary<string, ResultRecord>(StringComparer.Ordinal);
        var ordered = new List<ResultRecord>();
        foreach (var record in On(topic))
        {
            if (seen.TryGetValue(record.ResultId, out var earlier))
            {
                Assert.True(earlier.Value.AsSpan().SequenceEqual(record.Value), $"result {record.ResultId} was published with two contents");
                continue;
            }
            seen[record.ResultId] = record;
            ordered.Add(record);
        }
        return ordered;
    }
}

/// <summary>
/// Drives the engine's real <see cref="PartitionProcessor{TInput, TOutput}"/> over one partition's records without Kafka
/// or Akka: the entities are <see cref="LocalEntities{TInput, TOutput}"/>, the backend a store, the wall clock manual
/// (it never moves while records arrive, so no partition idles), and at the end the clock jumps far ahead so every
/// timer fires. Crashes drop the processor and its entities mid-run and resume from the backend.
/// </summary>
public static class ProcessorHarness
{
    public static readonly DateTimeOffset Wall = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static RunResult Run<TInput, TOutput>(Analytic<TInput, TOutput> analytic, IReadOnlyList<byte[]> values, RunPlan? plan = null,
        EventTimeOptions? eventTime = null, IPartitionStore? store = null, ICombinerFeed<TOutput>? combiner = null)
        where TInput : notnull =>
        Task.Run(() => RunAsync(analytic, values, plan ?? new RunPlan(), eventTime ?? new EventTimeOptions { IdleAfter = TimeSpan.FromMinutes(1) },
            store ?? new MemoryPartitionStore(), combiner)).GetAwaiter().GetResult();

    private static async Task<RunResult> RunAsync<TInput, TOutput>(Analytic<TInput, TOutput> analytic, IReadOnlyList<byte[]> values, RunPlan plan,
        EventTimeOptions eventTime, IPartitionStore store, ICombinerFeed<TOutput>? combiner)
        where TInput : notnull
    {
        // A checkpoint after every step: a zero interval and a clock that stands still (results stamped with the wall
        // clock then do not depend on the step they came in). Otherwise the clock moves a tick at the plan's cadence.
        var everyStep = plan.CheckpointEverySteps <= 1;
        var engine = new EngineOptions
        {
            CheckpointInterval = everyStep ? TimeSpan.Zero : TimeSpan.FromMilliseconds(1),
            MaxBatch = int.MaxValue,
            LiveEntitiesPerPartition = plan.LiveEntities,
            TimersInMemory = plan.TimersInMemory,
            LostRecords = "fail",
        };
        using var driver = new ProcessorDriver<TInput, TOutput>(analytic, 0, store, engine, eventTime, combiner, plan.EvictAfterCheckpoint, logEnd: values.Count);
        var crashes = 0;
        var next = await driver.StartAsync();
        var step = 0;
        var cursor = 0;
        var batch = 0;
        while (cursor < values.Count)
        {
            var size = plan.Batches[batch++ % plan.Batches.Count];
            var records = values.Skip(cursor).Take(size).Select((v, i) => driver.Record(cursor + i, v)).ToList();
            cursor += records.Count;
            await StepAsync(records);
            if (plan.CrashAfterSteps.Contains(step))
            {
                crashes++;
                cursor = (int)await driver.CrashAsync();
            }
        }
        // Far ahead: every partition watermark idles past every timer.
        driver.Clock.Now = Wall.AddYears(30);
        await StepAsync([]);
        driver.Clock.Now = driver.Clock.Now.AddYears(30);
        await StepAsync([]);
        await driver.DrainAsync();
        return new RunResult(driver.Sink.Records, crashes);

        async Task StepAsync(List<ConsumedRecord> records)
        {
            step++;
            // The clock moves by a tick only at the plan's checkpoint cadence (below the idle timeout, so no idle advance).
            if (!everyStep && step % plan.CheckpointEverySteps == 0) driver.Clock.Now = driver.Clock.Now.AddMilliseconds(2);
            await driver.StepAsync(records);
        }
    }
}
