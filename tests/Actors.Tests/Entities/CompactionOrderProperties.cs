using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Actors.Entities;

namespace Streaming.Actors.Tests.Entities;

/// <summary><see cref="CompactionOrder{TKey}"/> against a naive model: each live key with the event it needs from, the horizon their minimum.</summary>
public sealed class CompactionOrderProperties
{
    /// <summary>One operation on a key of a small key space, in an event that is the same as the one before or the next.</summary>
    private sealed record Operation(int Kind, int Key, bool NextEvent);

    private static readonly Gen<Operation[]> Operations =
        Gen.Choose(0, 2).SelectMany(kind => Gen.Choose(0, 6).SelectMany(key => Gen.Elements(true, false).Select(next => new Operation(kind, key, next))))
            .ArrayOf();

    [Property(MaxTest = 500)]
    public Property TheHorizonIsTheOldestEventALiveKeyNeedsAndTheOrderIsByThatEvent() =>
        Prop.ForAll(Operations.ToArbitrary(), operations =>
        {
            var order = new CompactionOrder<int>();
            var model = new Dictionary<int, long>();
            var sequence = 1L;
            foreach (var (kind, key, next) in operations)
            {
                if (next) sequence++;
                switch (kind)
                {
                    case 0:
                        order.Written(key, sequence);
                        model[key] = sequence;
                        break;
                    case 1:
                        order.Extended(key, sequence);
                        model.TryAdd(key, sequence);
                        break;
                    default:
                        order.Removed(key);
                        model.Remove(key);
                        break;
                }
                Assert.Equal(model.Count, order.Count);
                Assert.Equal(model.Count == 0 ? null : model.Values.Min(), order.Horizon);
                Assert.Equal(model.OrderBy(k => k.Value).Select(k => k.Value), order.Oldest().Select(k => model[k]));
                Assert.All(Enumerable.Range(0, 7), k => Assert.Equal(model.ContainsKey(k), order.Contains(k)));
            }
        });

    [Fact]
    public void AWholeWriteOfAnOlderEventThanOneAppliedIsRefused()
    {
        var order = new CompactionOrder<string>();
        order.Written("a", 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => order.Written("b", 4));
    }
}
