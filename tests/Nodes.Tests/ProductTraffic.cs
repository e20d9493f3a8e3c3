using System.Globalization;
using System.Text.Json;

namespace Streaming.Nodes.Tests;

/// <summary>Deterministic product_analytics traffic, in event-time order.</summary>
public static class ProductTraffic
{
    public sealed record Input(string EventId, string ProductId, DateTimeOffset Time, string Action, string? UserId, int Quantity, decimal? Price, string? Category, string? Brand);

    private static readonly string[] Actions = ["view", "view", "view", "add_to_cart", "purchase", "wishlist", "remove_from_cart"];
    private static readonly string[] Categories = ["books", "games"];

    public static IReadOnlyList<Input> Generate(int seed, int products, int events, DateTimeOffset start, TimeSpan span, string prefix)
    {
        var random = new Random(seed);
        var all = new List<Input>();
        for (var i = 0; i < events; i++)
        {
            var p = random.Next(products);
            var time = start.AddMilliseconds(random.Next(0, (int)span.TotalMilliseconds));
            var action = Actions[random.Next(Actions.Length)];
            all.Add(new Input($"{prefix}evt{i}", $"{prefix}{p}", time, action, random.Next(5) == 0 ? null : $"u{random.Next(7)}",
                random.Next(1, 4), random.Next(4) == 0 ? null : 1000m + (p * 250m) + 0.5m, Categories[p % Categories.Length], $"brand{p % 3}"));
        }
        return all.OrderBy(e => e.Time).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
    }

    public static string ToJson(Input e)
    {
        var body = new Dictionary<string, object?>
        {
            ["event_id"] = e.EventId,
            ["product_id"] = e.ProductId,
            ["action"] = e.Action,
            ["quantity"] = e.Quantity,
            ["timestamp"] = Iso(e.Time),
        };
        if (e.UserId is not null) body["user_id"] = e.UserId;
        var properties = new Dictionary<string, object?> { ["category"] = e.Category, ["brand"] = e.Brand };
        if (e.Price is { } price) properties["price"] = price;
        body["properties"] = properties;
        return JsonSerializer.Serialize(body);
    }

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
