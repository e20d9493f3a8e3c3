using Streaming.Crosscheck.Engine;
using Streaming.Crosscheck.Tests.Reference;

namespace Streaming.Crosscheck.Tests.Engine;

/// <summary>A hand-written batch: events appended per partition in arrival order (offsets follow), times in seconds after T0.</summary>
public sealed class Scenario
{
    private readonly List<Placed<UserEv>> _users = [];
    private readonly List<Placed<ProductEv>> _products = [];
    private readonly List<Placed<OrderEv>> _orders = [];
    private readonly Dictionary<(string, int), long> _offsets = [];

    public static long At(double seconds) => Settings.T0 + (long)Math.Round(seconds * 1000);

    public static DateTimeOffset Time(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds(At(seconds));

    public Scenario User(string id, string user, string type, double seconds, string? page = null, string? device = null, int partition = 0)
    {
        _users.Add(new Placed<UserEv>(partition, Next("u", partition), new UserEv(id, user, type, page, device, At(seconds))));
        return this;
    }

    public Scenario Product(string id, string product, string action, double seconds, string? user = null, int quantity = 1, decimal? price = null, string? category = null, string? brand = null, int partition = 0)
    {
        _products.Add(new Placed<ProductEv>(partition, Next("p", partition), new ProductEv(id, product, action, user, quantity, price, category, brand, At(seconds))));
        return this;
    }

    public Scenario Order(string id, string order, string user, string status, decimal total, double seconds, IReadOnlyList<(int, decimal)>? items = null, int partition = 0)
    {
        _orders.Add(new Placed<OrderEv>(partition, Next("o", partition), new OrderEv(id, order, user, status, total, items, At(seconds))));
        return this;
    }

    public Dataset Data => new(_users, _products, _orders);

    public EngineResults Run(DuckDbEngineOptions? options = null) => DuckDbEngine.RunAsync(Data.ToInput(), options ?? Settings.Options).GetAwaiter().GetResult();

    private long Next(string topic, int partition)
    {
        var key = (topic, partition);
        var offset = _offsets.GetValueOrDefault(key);
        _offsets[key] = offset + 1;
        return offset;
    }
}
