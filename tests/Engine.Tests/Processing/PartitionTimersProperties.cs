using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Engine.Processing;

namespace Streaming.Engine.Tests.Processing;

/// <summary>
/// <see cref="PartitionTimers"/> against a dictionary of due times (the backend another dictionary): whatever is set, fired, checkpointed (landed or
/// failed) or lost in a crash, and whatever the page size, the keys it fires at a watermark are exactly the model's due
/// keys in (due, kind, key) order, and after a crash it fires exactly what the last stored checkpoint holds.
/// </summary>
public sealed class PartitionTimersProperties
{
    private static readonly DateTimeOffset Origin = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private abstract record Op;
    private sealed record Set(EntityRef Entity, int? Due) : Op;
    private sealed record Fire(int Advance) : Op;
    private sealed record Checkpoint(bool Lands) : Op;
    private sealed record Crash : Op;

    private static readonly Gen<EntityRef> AnyEntity =
        from kind in Gen.Elements("a", "b")
        from key in Gen.Choose(0, 25)
        select new EntityRef(kind, "k" + key);

    private static readonly Gen<Op> AnyOp = Gen.Frequency(
        (6, from e in AnyEntity from due in Gen.Elements<int?>(null, 0, 1, 2, 5, 5, 10, 20, 40, 80) select (Op)new Set(e, due)),
        (3, Gen.Choose(0, 8).Select(a => (Op)new Fire(a))),
        (2, Gen.Elements(true, true, false).Select(l => (Op)new Checkpoint(l))),
        (1, Gen.Constant((Op)new Crash())));

    private static readonly Arbitrary<(int PageSize, Op[] Ops)> Runs =
        (from page in Gen.Choose(1, 6)
         from ops in AnyOp.ListOf()
         select (page, ops.Take(60).ToArray())).ToArbitrary();

    [Property(MaxTest = 400)]
    public Property Fires_exactly_the_due_keys_of_a_dictionary_model() =>
        Prop.ForAll(Runs, run =>
        {
            var stored = new Dictionary<EntityRef, DateTimeOffset>();
            var model = new Dictionary<EntityRef, DateTimeOffset>();
            var watermark = Origin;
            var timers = Open(stored, run.PageSize);
            foreach (var op in run.Ops)
            {
                switch (op)
                {
                    case Set set:
                        // A timer is set for a time the watermark has not reached, as the keyed functions do.
                        var due = set.Due is { } s ? watermark.AddSeconds(s + 1) : (DateTimeOffset?)null;
                        timers.Set(set.Entity, due);
                        if (due is { } d) model[set.Entity] = d;
                        else model.Remove(set.Entity);
                        break;
                    case Fire fire:
                        watermark = watermark.AddSeconds(fire.Advance);
                        var expected = model.Where(t => t.Value <= watermark).OrderBy(t => t.Value).ThenBy(t => t.Key).Select(t => t.Key).ToList();
                        Assert.Equal(expected, timers.PopDueAsync(watermark).GetAwaiter().GetResult());
                        foreach (var key in expected) model.Remove(key);
                        // The earliest due time it reports is never after the model's earliest (a hold must not release too much).
                        var earliest = timers.EarliestDue(DateTimeOffset.MinValue);
                        if (model.Count > 0) Assert.True(earliest is { } at && at <= model.Values.Min(), $"earliest {earliest:O}, model {model.Values.Min():O}");
                        break;
                    case Checkpoint checkpoint:
                        var changes = timers.BeginCheckpoint();
                        if (checkpoint.Lands)
                        {
                            foreach (var (entity, when) in changes)
                            {
                                if (when is { } w) stored[entity] = w;
                                else stored.Remove(entity);
                            }
                            timers.Landed();
                        }
                        else
                        {
                            timers.Failed();
                        }
                        break;
                    case Crash:
                        timers = Open(stored, run.PageSize);
                        model = new Dictionary<EntityRef, DateTimeOffset>(stored);
                        break;
                }
            }
            // In the end every remaining timer fires, in order.
            var rest = model.OrderBy(t => t.Value).ThenBy(t => t.Key).Select(t => t.Key).ToList();
            Assert.Equal(rest, timers.PopDueAsync(DateTimeOffset.MaxValue).GetAwaiter().GetResult());
        });

    [Fact]
    public async Task Opening_holds_one_page_of_a_hundred_thousand_stored_timers()
    {
        var stored = Enumerable.Range(0, 100_000).ToDictionary(i => new EntityRef("orders", $"u{i:D6}"), i => Origin.AddSeconds(i));
        var timers = Open(stored, pageSize: 500);
        Assert.Equal(500, timers.InMemory);
        Assert.Equal(Origin, timers.EarliestDue(DateTimeOffset.MinValue));

        var fired = await timers.PopDueAsync(Origin.AddSeconds(1_199));
        Assert.Equal(Enumerable.Range(0, 1_200).Select(i => $"u{i:D6}"), fired.Select(f => f.Key));
        Assert.True(timers.InMemory <= 500, $"{timers.InMemory} timers in memory");
    }

    private static PartitionTimers Open(Dictionary<EntityRef, DateTimeOffset> stored, int pageSize)
    {
        // The loader reads the backend as it is now: what the last landed checkpoint stored.
        var timers = new PartitionTimers((after, limit) =>
        {
            IReadOnlyList<(EntityRef, DateTimeOffset)> page = [.. stored
                .Where(t => after is not { } c || t.Value > c.Due || (t.Value == c.Due && t.Key.CompareTo(c.Entity) > 0))
                .OrderBy(t => t.Value).ThenBy(t => t.Key).Take(limit).Select(t => (t.Key, t.Value))];
            return Task.FromResult(page);
        }, pageSize);
        timers.OpenAsync().GetAwaiter().GetResult();
        return timers;
    }
}
