using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using Streaming.Crosscheck.Engine;
using Streaming.Crosscheck.Results;
using Streaming.Crosscheck.Tests.Reference;

namespace Streaming.Crosscheck.Tests.Engine;

/// <summary>
/// The DuckDB engine against naive references written straight from SPEC §3 (replay each partition, recompute
/// everything from scratch), on random datasets with disorder within and beyond B, late events, exact-G gaps, window
/// edges and every alert rule.
/// </summary>
public sealed class EngineAgainstReferenceTests
{
    [Property(MaxTest = 20)]
    public void Sessions_and_late_user_events_match_the_reference(PositiveInt seed)
    {
        var data = new DatasetGenerator(seed.Get).Next(users: 5, products: 0, orderUsers: 0);
        var results = Run(data);
        var (sessions, late) = NaiveSessions.Run(data, Settings.Options);
        AssertSame(seed, "sessions", sessions.Select(s => CanonicalJson.Of(s)), results.Json(ResultKind.Sessions).Select(j => CanonicalJson.Of(j)));
        AssertSame(seed, "late user events", late, results.Late.Where(l => l.Topic == "user_events").Select(l => l.EventId));
    }

    [Property(MaxTest = 20)]
    public void Popularity_trending_and_late_product_events_match_the_reference(PositiveInt seed)
    {
        var data = new DatasetGenerator(seed.Get).Next(users: 0, products: 6, orderUsers: 0);
        var results = Run(data);
        var (popularity, trending, late) = NaiveProducts.Run(data, Settings.Options);
        AssertSame(seed, "popularity", popularity.Select(p => CanonicalJson.Of(p)), results.Json(ResultKind.Popularity).Select(j => CanonicalJson.Of(j)));
        AssertSame(seed, "trending", trending.Select(t => CanonicalJson.Of(t)), results.Json(ResultKind.Trending).Select(j => CanonicalJson.Of(j)));
        AssertSame(seed, "late product events", late, results.Late.Where(l => l.Topic == "product_analytics").Select(l => l.EventId));
    }

    [Property(MaxTest = 20)]
    public void Alerts_and_late_order_events_match_the_reference(PositiveInt seed)
    {
        var data = new DatasetGenerator(seed.Get).Next(users: 0, products: 0, orderUsers: 5);
        var results = Run(data);
        var (alerts, late) = NaiveOrders.Run(data, Settings.Options);
        AssertSame(seed, "alerts", alerts.Select(a => CanonicalJson.Of(a, "description", "detected_at")),
            results.Json(ResultKind.Alerts).Select(j => CanonicalJson.Of(j, "description", "detected_at")));
        AssertSame(seed, "late order events", late, results.Late.Where(l => l.Topic == "order_events").Select(l => l.EventId));
    }

    [Fact]
    public void The_generated_data_exercises_every_rule_and_kind_of_lateness()
    {
        // Guards the properties above against a generator that stopped producing the interesting cases.
        var rules = new HashSet<string>();
        var lateTopics = new HashSet<string>();
        var bridgedOrExactGap = 0;
        for (var seed = 1; seed <= 8; seed++)
        {
            var data = new DatasetGenerator(seed).Next();
            var results = Run(data);
            rules.UnionWith(results.Alerts.Select(a => a.Rule));
            lateTopics.UnionWith(results.Late.Select(l => l.Topic + ":" + l.Reason.Split(':')[0]));
            bridgedOrExactGap += data.Users.GroupBy(u => u.Event.UserId)
                .Sum(g => g.Select(u => u.Event.T).Order().Zip(g.Select(u => u.Event.T).Order().Skip(1)).Count(p => p.Item2 - p.Item1 == (long)Settings.Options.SessionGap.TotalMilliseconds));
        }

        Assert.Equal(["AMOUNT_SPIKE", "CARD_TESTING", "HIGH_FREQUENCY", "HIGH_VALUE", "INVALID_TRANSITION", "ORDER_STALLED", "TOTAL_MISMATCH"], rules.Order());
        Assert.Contains("user_events:session window closed", lateTopics);
        Assert.Contains("user_events:session already closed", lateTopics);
        Assert.Contains("product_analytics:sliding windows closed", lateTopics);
        Assert.Contains("order_events:order rules", lateTopics);
        Assert.True(bridgedOrExactGap > 5, $"only {bridgedOrExactGap} exact-G gaps generated");
    }

    private static EngineResults Run(Dataset data) => DuckDbEngine.RunAsync(data.ToInput(), Settings.Options).GetAwaiter().GetResult();

    private static void AssertSame(PositiveInt seed, string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var e = expected.Order(StringComparer.Ordinal).ToList();
        var a = actual.Order(StringComparer.Ordinal).ToList();
        var missing = e.Except(a).ToList();
        var extra = a.Except(e).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && e.Count == a.Count,
            $"seed {seed.Get}, {what}: {e.Count} expected, {a.Count} computed\nmissing: {string.Join("\n  ", missing.Take(5))}\nextra: {string.Join("\n  ", extra.Take(5))}");
    }
}
