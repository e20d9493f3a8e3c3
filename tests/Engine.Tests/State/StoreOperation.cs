using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Streaming.Engine.State;
using Streaming.Streams.Broker;
using Streaming.Streams.EventTime;

namespace Streaming.Engine.Tests.State;

/// <summary>One step a partition's life puts the backend through, generated for the model-based properties.</summary>
public abstract record StoreOperation
{
    /// <summary>A processor takes the partition over (<paramref name="Fresh"/>: drops what it held).</summary>
    public sealed record Open(bool Fresh) : StoreOperation;

    /// <summary>The processor of the current epoch (or, <paramref name="Stale"/>, of the one before) lets go.</summary>
    public sealed record Close(bool Stale) : StoreOperation;

    /// <summary>
    /// A checkpoint of the current processor (or, <paramref name="Stale"/>, of a fenced one); with
    /// <paramref name="CrashAfterTicks"/> the writer dies that many ticks into the transaction.
    /// </summary>
    public sealed record Commit(bool Stale, int OffsetStep, int WatermarkSeconds, bool WithStream,
        ImmutableArray<StateChange> States, ImmutableArray<TimerChange> Timers, int? CrashAfterTicks) : StoreOperation;

    /// <summary>Result stamps made durable before the checkpoint that covers them.</summary>
    public sealed record Stamps(ImmutableArray<ResultStamp> Made) : StoreOperation;

    /// <summary>Everything the partition holds is dropped (the operator's state reset).</summary>
    public sealed record Reset : StoreOperation;

    /// <summary>The node restarts: a new store object on the same database.</summary>
    public sealed record Restart : StoreOperation;

    public static readonly DateTimeOffset Origin = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Kinds and keys with code points on both sides of ASCII, so the stores' ordinal order is exercised.</summary>
    public static readonly ImmutableArray<string> Kinds = ["orders", "sessions", "Z"];

    public static readonly ImmutableArray<string> Keys = ["u1", "u10", "u2", "U1", "é", "ü-2", "k"];

    public static CheckpointWrite ToWrite(Commit commit, string partitionId, long epoch, long previousOffset) =>
        new(partitionId, commit.Stale ? epoch - 1 : epoch, previousOffset + commit.OffsetStep,
            new PartitionWatermarkSnapshot(Origin.AddSeconds(commit.WatermarkSeconds + 5), Origin.AddSeconds(commit.WatermarkSeconds), Origin.AddMinutes(commit.OffsetStep)),
            commit.WithStream ? new StreamIdentity("cluster-a", "topic-a") : null, commit.States, commit.Timers);

    private static readonly Gen<(string Kind, string Key)> AnyKey =
        from kind in Gen.Elements(Kinds.ToArray())
        from key in Gen.Elements(Keys.ToArray())
        select (kind, key);

    private static readonly Gen<StateChange> AnyState =
        from k in AnyKey
        from deleted in Gen.Elements(false, false, false, true)
        from bytes in Gen.Choose(0, 255).ArrayOf().Select(b => b.Select(x => (byte)x).ToArray())
        from applied in Gen.Choose(-1, 500)
        from expires in Gen.Elements<int?>(null, 10, 40, 90, 200)
        select new StateChange(k.Kind, k.Key, deleted ? null : new StoredState(bytes, applied, expires is { } s ? Origin.AddSeconds(s) : null));

    private static readonly Gen<TimerChange> AnyTimer =
        from k in AnyKey
        from due in Gen.Elements<int?>(null, 5, 5, 30, 60, 61, 400)
        select new TimerChange(k.Kind, k.Key, due is { } s ? Origin.AddSeconds(s) : null);

    private static readonly Gen<StoreOperation> AnyCommit =
        from stale in Gen.Elements(false, false, false, false, true)
        from step in Gen.Choose(1, 40)
        from watermark in Gen.Choose(0, 300)
        from stream in Gen.Elements(true, true, false)
        from states in AnyState.ListOf().Select(l => l.DistinctBy(s => (s.Kind, s.Key)).Take(12).ToImmutableArray())
        from timers in AnyTimer.ListOf().Select(l => l.DistinctBy(t => (t.Kind, t.Key)).Take(12).ToImmutableArray())
        from crash in Gen.Elements<int?>(null, null, null, 0, 2_000, 10_000, 50_000)
        select (StoreOperation)new Commit(stale, step, watermark, stream, states, timers, stale ? null : crash);

    private static readonly Gen<StoreOperation> AnyStamps =
        from made in (from id in Gen.Elements("r1", "r2", "r3", "r4")
                      from at in Gen.Choose(0, 1000)
                      from offset in Gen.Choose(0, 400)
                      select new ResultStamp(id, Origin.AddMilliseconds(at), offset)).ListOf()
        select (StoreOperation)new Stamps([.. made.Take(4)]);

    public static readonly Gen<StoreOperation> Any = Gen.Frequency(
        (2, Gen.Elements(false, false, true).Select(f => (StoreOperation)new Open(f))),
        (1, Gen.Elements(false, true).Select(s => (StoreOperation)new Close(s))),
        (8, AnyCommit),
        (2, AnyStamps),
        (1, Gen.Constant((StoreOperation)new Reset())),
        (2, Gen.Constant((StoreOperation)new Restart())));

    /// <summary>A life: opened first (a checkpoint needs an open partition), then anything.</summary>
    public static readonly Arbitrary<StoreOperation[]> Lives =
        Any.ListOf().Select(ops => (StoreOperation[])[new Open(false), .. ops.Take(30)]).ToArbitrary();
}
