using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Streams.EventTime;

namespace Streaming.Streams.Tests.EventTime;

/// <summary><see cref="TimerService{TKey}"/> against a naive list model.</summary>
public sealed class TimerServiceProperties
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Keys = ["a", "b", "B", "c", "user-1", "user-10", "user-2"];

    private enum OpKind
    {
        Register,
        Delete,
        Pop,
    }

    private sealed record Op(OpKind Kind, string Key, int Second);

    private static readonly Gen<Op> OpGen =
        from kind in Gen.Frequency((5, Gen.Constant(OpKind.Register)), (2, Gen.Constant(OpKind.Delete)), (1, Gen.Constant(OpKind.Pop)))
        from key in Gen.Elements(Keys)
        from second in Gen.Choose(0, 60)
        select new Op(kind, key, second);

    private static DateTimeOffset At(int s) => T0.AddSeconds(s);

    [Property(MaxTest = 500)]
    public Property BehavesLikeANaiveFilterAndSort() =>
        Prop.ForAll(Gen.ListOf(OpGen).ToArbitrary(), ops =>
        {
            var service = new TimerService<string>();
            var model = new List<(string Key, int Second)>();
            foreach (var op in ops)
            {
                switch (op.Kind)
                {
                    case OpKind.Register:
                        var isNew = !model.Contains((op.Key, op.Second));
                        if (isNew)
                        {
                            model.Add((op.Key, op.Second));
                        }

                        Assert.Equal(isNew, service.Register(op.Key, At(op.Second)));
                        break;
                    case OpKind.Delete:
                        Assert.Equal(model.Remove((op.Key, op.Second)), service.Delete(op.Key, At(op.Second)));
                        break;
                    default:
                        var expected = model.Where(t => t.Second <= op.Second)
                            .OrderBy(t => t.Second).ThenBy(t => t.Key, StringComparer.Ordinal)
                            .Select(t => new EventTimer<string>(t.Key, At(t.Second)))
                            .ToList();
                        model.RemoveAll(t => t.Second <= op.Second);
                        Assert.Equal(expected, service.PopDue(At(op.Second)));
                        break;
                }

                Assert.Equal(model.Count, service.Count);
                Assert.Equal(model.Count == 0 ? null : At(model.Min(t => t.Second)), service.NextDue);
            }

            var rest = model.OrderBy(t => t.Second).ThenBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new EventTimer<string>(t.Key, At(t.Second))).ToList();
            Assert.Equal(rest, service.Timers);
            Assert.Equal(rest, new TimerService<string>(service.Timers).PopDue(DateTimeOffset.MaxValue));
        });
}
