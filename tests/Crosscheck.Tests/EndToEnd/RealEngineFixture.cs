using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Streaming.Crosscheck.Kafka;
using Streaming.Crosscheck.Reconcile;
using Streaming.Crosscheck.Tests.Reference;
using Streaming.TestSupport;

namespace Streaming.Crosscheck.Tests.EndToEnd;

/// <summary>
/// The product node as a process against a broker this test process hosts, configured with the short windows of
/// <see cref="Settings"/>; a generated dataset (disorder, late events, every rule) POSTed through its gateway; and
/// the crosscheck of its result topics against the DuckDB engine, repeated until it agrees or the node had ample time.
/// </summary>
public sealed class RealEngineFixture : IAsyncLifetime
{
    /// <summary>A dataset whose real partitioning (murmur2 over 3 partitions) still gives every rule and every kind of lateness.</summary>
    public const int Seed = 11;

    private readonly string _dir = Directory.CreateTempSubdirectory("crosscheck-node-").FullName;
    private Task<CrosscheckReport>? _settled;

    public ExternalKafka Kafka { get; private set; } = null!;

    public NodeProcess Node { get; private set; } = null!;

    public TopicReaderOptions Reader => new() { BootstrapServers = Kafka.BootstrapServers };

    /// <summary>
    /// How far the dataset is moved in time: to a whole minute at least two minutes after the node starts, so that no
    /// event is older than the idle watermark a partition without events gets after IdleAfter (see the README's
    /// note on empty partitions); a whole minute keeps the dataset's window edges on the slide.
    /// </summary>
    public long Shift { get; } = Shifted(DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeMilliseconds());

    public DateTimeOffset From => DateTimeOffset.FromUnixTimeMilliseconds(Settings.T0 + Shift).AddHours(-1);

    public DateTimeOffset To => DateTimeOffset.FromUnixTimeMilliseconds(Settings.T0 + Shift).AddHours(1);

    /// <summary>The first report in which the node's topics agree with the DuckDB engine, or the last one when they never did.</summary>
    public Task<CrosscheckReport> Settled => _settled ??= SettleAsync();

    public static IReadOnlyDictionary<string, string> AnalyticsEnvironment()
    {
        var o = Settings.Options;
        static string Span(TimeSpan t) => t.ToString("c", CultureInfo.InvariantCulture);
        static string Number(decimal d) => d.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["Streaming__Analytics__OutOfOrderness"] = Span(o.OutOfOrderness),
            ["Streaming__Analytics__SessionGap"] = Span(o.SessionGap),
            ["Streaming__Analytics__ProductWindow"] = Span(o.ProductWindow),
            ["Streaming__Analytics__ProductSlide"] = Span(o.ProductSlide),
            ["Streaming__Analytics__TrendingTopN"] = o.TrendingTopN.ToString(CultureInfo.InvariantCulture),
            ["Streaming__Analytics__HighValueThreshold"] = Number(o.HighValueThreshold),
            ["Streaming__Analytics__CriticalValueThreshold"] = Number(o.CriticalValueThreshold),
            ["Streaming__Analytics__FrequencyWindow"] = Span(o.FrequencyWindow),
            ["Streaming__Analytics__FrequencyCount"] = o.FrequencyCount.ToString(CultureInfo.InvariantCulture),
            ["Streaming__Analytics__SpikeFactor"] = Number(o.SpikeFactor),
            ["Streaming__Analytics__SpikeMinHistory"] = o.SpikeMinHistory.ToString(CultureInfo.InvariantCulture),
            ["Streaming__Analytics__CardTestingFailures"] = o.CardTestingFailures.ToString(CultureInfo.InvariantCulture),
            ["Streaming__Analytics__CardTestingWindow"] = Span(o.CardTestingWindow),
            ["Streaming__Analytics__MismatchTolerance"] = Number(o.MismatchTolerance),
            ["Streaming__Analytics__StallTimeout"] = Span(o.StallTimeout),
        };
    }

    public async Task InitializeAsync()
    {
        Kafka = ExternalKafka.Start(partitions: 3);
        var environment = new Dictionary<string, string>(AnalyticsEnvironment())
        {
            ["Streaming__Persistence__ConnectionString"] = $"Data Source={Path.Combine(_dir, "node.db")}",
            // Longer than a batch takes to arrive, so no partition idles forward in the middle of one (the DuckDB
            // engine has no wall clock); short enough that the last windows close within seconds.
            ["Streaming__Analytics__IdleAfter"] = "00:00:04",
            ["Streaming__Engine__CheckpointInterval"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        Node = NodeProcess.Start(Kafka, environment);
        (await Node.WaitForHttpAsync("/health/")).Dispose();

        var data = new DatasetGenerator(Seed).Next(users: 5, products: 6, orderUsers: 6);
        await PostAsync("user_events", Arrival(data.Users, e => e.T).Select(e => Dataset.Json(e with { T = e.T + Shift })));
        await PostAsync("product_analytics", Arrival(data.Products, e => e.T).Select(e => Dataset.Json(e with { T = e.T + Shift })));
        await PostAsync("order_events", Arrival(data.Orders, e => e.T).Select(e => Dataset.Json(e with { T = e.T + Shift })));

        // Trending waits for every product partition's watermark; one without events idles forward with the wall
        // clock only, and the shifted dataset lies minutes ahead of it.
        var products = await TopicReader.ReadAsync(Reader, "product_analytics");
        Assert.True(products.Select(r => r.Partition).Distinct().Count() == Kafka.Partitions,
            $"seed {Seed} leaves a product_analytics partition without events; pick a seed whose products cover all {Kafka.Partitions}");
    }

    private static long Shifted(long notBefore)
    {
        const long minute = 60_000;
        return ((notBefore - Settings.T0 + minute - 1) / minute) * minute;
    }

    public async Task DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        Kafka?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<CrosscheckReport> SettleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var report = await Crosscheck.RunAsync(ResultSource.Topics(Reader), ResultSource.DuckDb(Reader, Settings.Options), From, To);
            if (report.Agrees || DateTime.UtcNow > deadline) return report;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>One posting order for all partitions: event time plus a delay, so each real partition sees disorder within and beyond B.</summary>
    private static IEnumerable<T> Arrival<T>(IEnumerable<Placed<T>> events, Func<T, long> time)
    {
        var random = new Random(Seed);
        return events.Select(p => p.Event)
            .Select(e => (Event: e, At: time(e) + (random.Next(10) switch { 0 or 1 => random.Next(0, 6000), 2 => random.Next(5000, 40_000), _ => 0 })))
            .OrderBy(x => x.At)
            .Select(x => x.Event);
    }

    private async Task PostAsync(string topic, IEnumerable<JsonObject> events)
    {
        var body = new JsonArray([.. events]).ToJsonString();
        using var response = await Node.Http.PostAsync($"/api/v1/examples/batch-events?topic={topic}", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {topic}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
