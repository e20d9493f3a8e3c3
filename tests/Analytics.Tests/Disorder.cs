using FsCheck;
using FsCheck.Fluent;

namespace Streaming.Analytics.Tests;

/// <summary>Delivery orders for property tests: the same events, arriving out of event-time order.</summary>
public static class Disorder
{
    /// <summary>At most <paramref name="boundMs"/> out of order: sorted by time plus a jitter in [0, bound].</summary>
    public static Gen<List<T>> Bounded<T>(Gen<List<T>> events, Func<T, DateTimeOffset> time, int boundMs) =>
        from list in events
        from jitters in Gen.ListOf(Gen.Choose(0, boundMs), list.Count)
        select Jittered(list, time, jitters);

    /// <summary>Arbitrary order: mostly within the bound, some events up to <paramref name="farMs"/> late, sometimes fully shuffled.</summary>
    public static Gen<List<T>> Arbitrary<T>(Gen<List<T>> events, Func<T, DateTimeOffset> time, int boundMs, int farMs) =>
        from list in events
        from jitters in Gen.ListOf(Gen.Frequency((3, Gen.Choose(0, boundMs)), (2, Gen.Choose(0, farMs))), list.Count)
        from shuffleAll in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from shuffled in Gen.Shuffle(list.ToArray())
        select shuffleAll ? shuffled.ToList() : Jittered(list, time, jitters);

    private static List<T> Jittered<T>(List<T> events, Func<T, DateTimeOffset> time, IReadOnlyList<int> jitters) =>
        events.Select((e, i) => (e, key: time(e).AddMilliseconds(jitters[i]), i))
            .OrderBy(x => x.key).ThenBy(x => x.i)
            .Select(x => x.e)
            .ToList();
}
