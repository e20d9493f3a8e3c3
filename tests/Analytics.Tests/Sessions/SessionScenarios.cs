using FsCheck;
using FsCheck.Fluent;
using Streaming.Analytics.Sessions;

namespace Streaming.Analytics.Tests.Sessions;

/// <summary>Generators of user event streams for the session properties (G = 10 s, B = 3 s, millisecond times).</summary>
internal static class SessionScenarios
{
    public const int GapMs = 10_000;
    public const int BoundMs = 3_000;
    public static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(GapMs);
    public static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(BoundMs);
    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Types = ["page_view", "page_view", "purchase", "click", "login", "add_to_cart"];
    private static readonly string?[] Pages = [null, "", "/", "/a", "/b", "/B", "/c?x=1"];
    private static readonly string?[] Devices = [null, "", "ios", "iOS", "android", "web"];

    /// <summary>Steps between consecutive event times, biased to the boundaries (G − 1 ms, G, G + 1 ms, B, G + B).</summary>
    private static readonly Gen<int> Step = Gen.Frequency(
        (3, Gen.Elements(0, 1, GapMs - 1, GapMs, GapMs + 1, BoundMs, GapMs + BoundMs)),
        (6, Gen.Choose(0, 12_000)),
        (1, Gen.Choose(0, 60_000)));

    private static Gen<List<SessionEvent>> Timeline(string user) =>
        from offset in Gen.Choose(0, 30_000)
        from steps in Gen.ListOf(Step)
        from details in Gen.ListOf(
            from type in Gen.Elements(Types)
            from page in Gen.Elements(Pages)
            from device in Gen.Elements(Devices)
            select (type, page, device),
            steps.Count)
        select Build(user, offset, steps, details);

    private static List<SessionEvent> Build(string user, int offset, List<int> steps, List<(string Type, string? Page, string? Device)> details)
    {
        var events = new List<SessionEvent>(steps.Count);
        long ms = offset;
        for (var i = 0; i < steps.Count; i++)
        {
            ms += steps[i];
            var (type, page, device) = details[i];
            events.Add(new SessionEvent($"{user}-{i}", user, T0.AddMilliseconds(ms), type, page, device));
        }

        return events;
    }

    /// <summary>All events of one to three users, in event-time order per user.</summary>
    public static readonly Gen<List<SessionEvent>> Events =
        from userCount in Gen.Choose(1, 3)
        from timelines in Gen.CollectToList(Enumerable.Range(0, userCount).Select(i => Timeline("user-" + i)))
        select timelines.SelectMany(t => t).ToList();

    /// <summary>Events delivered at most B out of order: sorted by time plus a jitter in [0, B].</summary>
    public static readonly Gen<List<SessionEvent>> BoundedDisorder = Disorder.Bounded(Events, e => e.Time, BoundMs);

    /// <summary>Events in arbitrary order, mostly near order with some far-flung ones.</summary>
    public static readonly Gen<List<SessionEvent>> ArbitraryDisorder = Disorder.Arbitrary(Events, e => e.Time, BoundMs, 4 * GapMs);
}
