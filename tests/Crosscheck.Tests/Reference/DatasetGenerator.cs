namespace Streaming.Crosscheck.Tests.Reference;

/// <summary>
/// Random datasets that hit SPEC §3's edges: gaps of exactly G and G ± 1 ms, times on window boundaries, disorder
/// within and beyond the bound B (so some events are late, some bridge sessions), and order histories that trigger
/// every rule. Keys are pinned to partitions as Kafka's key partitioning would.
/// </summary>
public sealed class DatasetGenerator(int seed)
{
    public const int Partitions = 3;
    private readonly Random _random = new(seed);
    private int _ids;

    private static long Gap => (long)Settings.Options.SessionGap.TotalMilliseconds;

    private static long Bound => (long)Settings.Options.OutOfOrderness.TotalMilliseconds;

    public Dataset Next(int users = 4, int products = 5, int orderUsers = 4) =>
        new(Arrange(Users(users), e => e.UserId, e => e.T), Arrange(Products(products), e => e.ProductId, e => e.T), Arrange(Orders(orderUsers), e => e.UserId, e => e.T));

    private List<UserEv> Users(int count)
    {
        var events = new List<UserEv>();
        string[] types = ["page_view", "page_view", "click", "purchase", "search"];
        string?[] pages = [null, "/a", "/b", "/c", ""];
        string?[] devices = [null, "ios", "android", "web"];
        for (var u = 0; u < count; u++)
        {
            var t = Settings.T0 + _random.Next(0, 5000);
            var n = _random.Next(1, 20);
            for (var i = 0; i < n; i++)
            {
                events.Add(new UserEv(Id("u"), $"user{u}", Pick(types), Pick(pages), Pick(devices), t));
                t += _random.Next(10) switch
                {
                    0 => Gap,
                    1 => Gap - 1,
                    2 => Gap + 1,
                    3 => 0,
                    4 => Gap * 2 + _random.Next(3000),
                    _ => _random.Next(1, (int)Gap),
                };
            }
        }

        return events;
    }

    private List<ProductEv> Products(int count)
    {
        var events = new List<ProductEv>();
        string[] actions = ["view", "view", "view", "add_to_cart", "purchase", "wishlist", "remove_from_cart"];
        string?[] categories = [null, "home", "toys", "home"];
        string?[] brands = [null, "acme", "zeta"];
        decimal?[] prices = [null, 10m, 12.5m, 0.3333m];
        string?[] users = [null, "user0", "user1", "user2", "user3"];
        var slide = (long)Settings.Options.ProductSlide.TotalMilliseconds;
        for (var p = 0; p < count; p++)
        {
            var n = _random.Next(1, 16);
            for (var i = 0; i < n; i++)
            {
                var t = Settings.T0 + _random.Next(0, 40_000);
                // times on and next to window boundaries
                if (_random.Next(3) == 0) t = t - (t % slide) + _random.Next(3) - 1;
                events.Add(new ProductEv(Id("p"), $"prod{p}", Pick(actions), Pick(users), _random.Next(1, 4), Pick(prices), Pick(categories), Pick(brands), t));
            }
        }

        return events;
    }

    private List<OrderEv> Orders(int count)
    {
        var events = new List<OrderEv>();
        decimal[] amounts = [1000m, 10_000m, 10_000m, 60_000m, 1_200_000m, 6_000_000m];
        string[][] lifecycles =
        [
            ["created", "paid", "shipped", "delivered"],
            ["created", "payment_failed", "payment_failed", "payment_failed", "paid"],
            ["created", "payment_failed", "payment_failed", "payment_failed", "payment_failed", "paid", "shipped"],
            ["created"],
            ["created", "cancelled"],
            ["created", "paid", "delivered"],
            ["shipped", "delivered", "refunded"],
            ["created", "paid", "created"],
            ["created", "payment_failed", "cancelled"],
            ["created", "created", "paid"],
            ["paid", "created"],
        ];
        for (var u = 0; u < count; u++)
        {
            var user = $"buyer{u}";
            var orders = _random.Next(1, 7);
            var start = Settings.T0 + _random.Next(0, 3000);
            for (var k = 0; k < orders; k++)
            {
                var order = $"{user}-o{k}";
                var amount = Pick(amounts);
                IReadOnlyList<(int, decimal)>? items = _random.Next(4) switch
                {
                    0 => [(1, amount)],
                    1 => [(1, amount * 0.9m)],
                    2 when amount > 1000m => [(2, amount / 2), (1, amount / 200)],
                    3 => [],
                    _ => null,
                };
                var t = start + _random.Next(0, 8000);
                foreach (var status in Pick(lifecycles))
                {
                    events.Add(new OrderEv(Id("o"), order, user, status, amount, items, t));
                    t += _random.Next(4) == 0 ? 0 : _random.Next(500, 6000);
                }

                start += _random.Next(0, 4000);
            }
        }

        return events;
    }

    /// <summary>Each key's partition, then per partition an arrival order: event time plus a delay.</summary>
    private List<Placed<T>> Arrange<T>(List<T> events, Func<T, string> key, Func<T, long> time)
    {
        var placed = new List<Placed<T>>();
        foreach (var partition in events.GroupBy(e => (StableHash(key(e)) & 0x7fffffff) % Partitions))
        {
            var arrival = partition.Select(e => (Event: e, At: time(e) + Delay(), Tie: _random.Next()))
                .OrderBy(x => x.At).ThenBy(x => x.Tie).ToList();
            placed.AddRange(arrival.Select((x, offset) => new Placed<T>(partition.Key, offset, x.Event)));
        }

        return placed;
    }

    /// <summary>Mostly on time; a quarter within a few B; one in twelve far beyond the session gap and the window size.</summary>
    private long Delay() => _random.Next(12) switch
    {
        0 or 1 or 2 => _random.Next(0, (int)(Bound * 3)),
        3 => _random.Next(5_000, 40_000),
        _ => 0,
    };

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked((hash * 31) + c);
        return hash;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Id(string prefix) => $"{prefix}{_ids++:D4}";
}
