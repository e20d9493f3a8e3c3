using System.Text.Json;

namespace Streaming.Nodes.Tests;

/// <summary>Deterministic user traffic: per user, events at random gaps (some ≥ G), merged in event-time order.</summary>
public static class TrafficGenerator
{
    private static readonly string[] Types = ["page_view", "page_view", "click", "search", "add_to_cart", "purchase", "login"];
    private static readonly string?[] Devices = ["mobile", "desktop", "tablet", null];

    public static IReadOnlyList<ExpectedSession.Input> Generate(int seed, int users, int eventsPerUser, DateTimeOffset start, TimeSpan gap, string prefix)
    {
        var random = new Random(seed);
        var all = new List<ExpectedSession.Input>();
        for (var u = 0; u < users; u++)
        {
            var time = start.AddMilliseconds(random.Next(0, 3000));
            for (var i = 0; i < eventsPerUser; i++)
            {
                // Mostly short gaps, sometimes exactly G or longer: new sessions.
                var step = random.Next(10) switch
                {
                    0 => gap,
                    1 => gap + TimeSpan.FromMilliseconds(random.Next(1, 4000)),
                    _ => TimeSpan.FromMilliseconds(random.Next(1, (int)gap.TotalMilliseconds)),
                };
                time += step;
                all.Add(new ExpectedSession.Input($"{prefix}{u}", time, Types[random.Next(Types.Length)],
                    random.Next(3) == 0 ? null : $"/p/{random.Next(6)}", Devices[random.Next(Devices.Length)]));
            }
        }
        return all.OrderBy(e => e.Time).ThenBy(e => e.UserId, StringComparer.Ordinal).ToList();
    }

    public static string ToJson(ExpectedSession.Input e)
    {
        var body = new Dictionary<string, object?>
        {
            ["user_id"] = e.UserId,
            ["event_type"] = e.EventType,
            ["timestamp"] = e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (e.PageUrl is not null) body["page_url"] = e.PageUrl;
        if (e.Device is not null) body["metadata"] = new Dictionary<string, string> { ["device"] = e.Device };
        return JsonSerializer.Serialize(body);
    }
}
