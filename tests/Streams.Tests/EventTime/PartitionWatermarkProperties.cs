using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Streams.EventTime;

namespace Streaming.Streams.Tests.EventTime;

/// <summary>Properties of <see cref="PartitionWatermark"/> against naive references (integer seconds).</summary>
public sealed class PartitionWatermarkProperties
{
    private const int BSeconds = 5;
    private const int IdleSeconds = 30;
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly WatermarkOptions Options = new(TimeSpan.FromSeconds(BSeconds), TimeSpan.FromSeconds(IdleSeconds));

    /// <summary>One step: an event (EventSecond not null) or a clock tick, after the wall clock advanced by WallDelta seconds.</summary>
    private sealed record Step(int WallDelta, int? EventSecond);

    private static Gen<Step> StepGen(int maxWallDelta) =>
        from wallDelta in Gen.Frequency((4, Gen.Choose(0, Math.Min(3, maxWallDelta))), (1, Gen.Choose(0, maxWallDelta)))
        from isEvent in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from second in Gen.Choose(0, 400)
        select new Step(wallDelta, isEvent ? second : null);

    private static DateTimeOffset At(long seconds) => T0.AddSeconds(seconds);

    [Property(MaxTest = 300)]
    public Property WithoutIdleGapsTheWatermarkIsMaxEventTimeMinusBound() =>
        Prop.ForAll(Gen.NonEmptyListOf(Gen.Choose(0, 10_000)).ToArbitrary(), seconds =>
        {
            var wm = PartitionWatermark.Start(At(0), Options);
            var wall = 0L;
            var max = long.MinValue;
            foreach (var s in seconds)
            {
                wall += 1;
                wm = wm.Observe(At(s), At(wall));
                max = Math.Max(max, s);
                Assert.Equal(At(max - BSeconds), wm.Current(At(wall)));
                Assert.Equal(At(max - BSeconds), wm.Current(At(wall + IdleSeconds)));
            }
        });

    [Property(MaxTest = 300)]
    public Property WatermarkIsMonotonicUnderAnyInterleavingOfEventsAndClockTicks() =>
        Prop.ForAll(Gen.ListOf(StepGen(90)).ToArbitrary(), steps =>
        {
            var wm = PartitionWatermark.Start(At(0), Options);
            var wall = 0L;
            var previous = wm.Current(At(wall));
            foreach (var step in steps)
            {
                wall += step.WallDelta;
                var before = wm.Current(At(wall));
                Assert.True(before >= previous);
                if (step.EventSecond is { } s)
                {
                    wm = wm.Observe(At(s), At(wall));
                }

                var after = wm.Current(At(wall));
                Assert.True(after >= before);
                previous = after;
            }
        });

    [Property(MaxTest = 300)]
    public Property WatermarkEqualsASecondBySecondSimulation() =>
        Prop.ForAll(Gen.ListOf(StepGen(90)).ToArbitrary(), steps =>
        {
            // Naive reference: walk the wall clock one second at a time. While idle (IdleAfter seconds or more
            // since the last arrival) the watermark grows by one second per second; an empty partition has no
            // watermark at all, however long it waits.
            long? reference = null; // null = minus infinity
            long? max = null;
            var lastArrival = 0L;
            var wall = 0L;
            var wm = PartitionWatermark.Start(At(0), Options);
            foreach (var step in steps)
            {
                for (var i = 0; i < step.WallDelta; i++)
                {
                    wall++;
                    var quiet = wall - lastArrival;
                    if (quiet > IdleSeconds && reference is not null)
                    {
                        reference++;
                    }
                }

                if (step.EventSecond is { } s)
                {
                    max = Math.Max(max ?? long.MinValue, s);
                    reference = Math.Max(reference ?? long.MinValue, s - BSeconds);
                    lastArrival = wall;
                    wm = wm.Observe(At(s), At(wall));
                }

                var expected = reference is { } r ? At(r) : DateTimeOffset.MinValue;
                Assert.Equal(expected, wm.Current(At(wall)));
                Assert.Equal(max is { } m ? At(m) : null, wm.MaxEventTime);
            }
        });

    [Property(MaxTest = 200)]
    public Property SnapshotAfterAdvanceToRestoresAnEquivalentWatermark() =>
        Prop.ForAll(Gen.ListOf(StepGen(90)).ToArbitrary(), Gen.Choose(0, 200).ToArbitrary(), (steps, probe) =>
        {
            var wm = PartitionWatermark.Start(At(0), Options);
            var wall = 0L;
            foreach (var step in steps)
            {
                wall += step.WallDelta;
                if (step.EventSecond is { } s)
                {
                    wm = wm.Observe(At(s), At(wall));
                }
            }

            var restored = PartitionWatermark.Restore(wm.AdvanceTo(At(wall)).ToSnapshot(), Options);
            Assert.Equal(wm.Current(At(wall)), restored.Current(At(wall)));
            Assert.Equal(wm.Current(At(wall + probe)), restored.Current(At(wall + probe)));
            var next = At(wall + probe);
            Assert.Equal(wm.Observe(At(probe), next).Current(next), restored.Observe(At(probe), next).Current(next));
        });
}
