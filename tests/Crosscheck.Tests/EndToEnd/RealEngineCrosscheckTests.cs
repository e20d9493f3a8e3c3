using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Streaming.Crosscheck.Engine;
using Streaming.Crosscheck.Kafka;
using Streaming.Crosscheck.Reconcile;
using Streaming.Crosscheck.Results;
using Streaming.Crosscheck.Tests.Reference;
using Xunit.Abstractions;

namespace Streaming.Crosscheck.Tests.EndToEnd;

/// <summary>
/// The actor engine's real output against the DuckDB engine: they agree, and differences injected into a copy of
/// a result topic are each reported exactly.
/// </summary>
public sealed class RealEngineCrosscheckTests(RealEngineFixture fixture, ITestOutputHelper output) : IClassFixture<RealEngineFixture>
{
    [Fact]
    public async Task The_actor_engines_result_topics_agree_with_the_DuckDB_engine()
    {
        var report = await fixture.Settled;
        output.WriteLine(report.ToTable());

        Assert.True(report.Agrees, report.ToTable());
        Assert.Equal(ResultKinds.All, report.Kinds.Select(k => k.Kind));
        Assert.All(report.Kinds, k => Assert.True(k.Matched > 0, $"no {ResultKinds.Name(k.Kind)} compared"));

        // The dataset, as the gateway partitioned it, exercised every rule and every kind of lateness.
        var input = await EngineInput.ReadAsync(fixture.Reader);
        var results = await DuckDbEngine.RunAsync(input, Settings.Options);
        Assert.Equal(["AMOUNT_SPIKE", "CARD_TESTING", "HIGH_FREQUENCY", "HIGH_VALUE", "INVALID_TRANSITION", "ORDER_STALLED", "TOTAL_MISMATCH"],
            results.Alerts.Select(a => a.Rule).Distinct().Order());
        Assert.Equal(["order_events:order rules", "product_analytics:sliding windows closed", "user_events:session already closed", "user_events:session window closed"],
            results.Late.Select(l => l.Topic + ":" + l.Reason.Split(':')[0]).Distinct().Order());
        Assert.Empty(results.Rejected);
        var lateTopic = await TopicReader.ReadAsync(fixture.Reader, "late_events");
        Assert.Equal(results.Late.Select(l => (l.Topic, l.Partition, l.Offset)).Order(),
            lateTopic.Select(r => JsonDocument.Parse(r.Value!).RootElement).Select(l => (l.GetProperty("topic").GetString()!, l.GetProperty("partition").GetInt32(), l.GetProperty("offset").GetInt64())).Order());
    }

    [Fact]
    public async Task Differences_injected_into_a_copy_of_a_result_topic_are_each_reported_exactly()
    {
        Assert.True((await fixture.Settled).Agrees, "the node's topics must be complete before they are copied");

        var sessions = await Copy("user_session_analytics", records => records.RemoveAt(2));
        var (missing, missingReport) = (sessions.Removed!, await Compare("user_session_analytics"));
        var difference = Assert.Single(missingReport.Differences);
        Assert.Equal((ResultKind.Sessions, DifferenceType.Missing, missing["session_id"]!.GetValue<string>(), (string?)null),
            (difference.Kind, difference.Type, difference.Id, difference.Field));

        JsonObject extra = null!;
        await Copy("order_anomaly_alerts", records =>
        {
            extra = records[0].DeepClone().AsObject();
            extra["alert_id"] = "00000000000000000000000000000001";
            extra["order_id"] = "no-such-order";
            records.Add(extra);
        });
        difference = Assert.Single((await Compare("order_anomaly_alerts")).Differences);
        Assert.Equal((ResultKind.Alerts, DifferenceType.Extra, "00000000000000000000000000000001"), (difference.Kind, difference.Type, difference.Id));

        var changed = await Copy("product_popularity_metrics", records =>
        {
            records[1]["add_to_cart"] = records[1]["add_to_cart"]!.GetValue<long>() + 1;
            var start = ResultTime.TryParse(records[4]["window_start"]!.GetValue<string>(), out var s) ? s : throw new InvalidOperationException();
            records[4]["window_start"] = ResultTime.Format(start.AddDays(1));
            records[4]["window_end"] = ResultTime.Format(start.AddDays(1).AddSeconds(10));
        });
        var report = await Compare("product_popularity_metrics");
        Assert.Equal(
            [
                (DifferenceType.Missing, Id(changed.Original[4]), (string?)null),
                (DifferenceType.Differs, Id(changed.Original[1]), "add_to_cart"),
            ],
            report.Differences.Where(d => d.Type != DifferenceType.Extra).Select(d => (d.Type, d.Id, d.Field)).OrderBy(d => d.Type));
        // The shifted window moved out of the range: its new id is only reported when the range covers it.
        var wide = await Crosscheck.RunAsync(ResultSource.Topic(fixture.Reader, "product_popularity_metrics"), ResultSource.Topic(fixture.Reader, "copy_product_popularity_metrics"), fixture.From, fixture.To.AddDays(2));
        Assert.Equal([(DifferenceType.Extra, Id(changed.Copied[4]))], wide.Differences.Where(d => d.Type == DifferenceType.Extra).Select(d => (d.Type, d.Id)));
        Assert.Equal(3, wide.DifferenceCount);
    }

    private static string Id(JsonObject popularity) =>
        $"{(ResultTime.TryParse(popularity["window_start"]!.GetValue<string>(), out var s) ? s : default).ToUnixTimeMilliseconds()}:{popularity["product_id"]}";

    [Fact]
    public async Task Streaming_ctl_crosscheck_asks_the_node_and_exits_0_only_when_the_sides_agree()
    {
        Assert.True((await fixture.Settled).Agrees, "the node's topics must be complete before they are compared");
        string[] range = ["--from", Iso(fixture.From), "--to", Iso(fixture.To)];

        var (agreed, table) = await CtlAsync(["crosscheck", .. range]);
        Assert.True(agreed == 0, table);
        Assert.Contains("AGREES", table, StringComparison.Ordinal);
        Assert.Contains("sessions", table, StringComparison.Ordinal);
        var (_, json) = await CtlAsync(["crosscheck", .. range, "--json"]);
        using (var report = JsonDocument.Parse(json.Split('\n')[0]))
            Assert.True(report.RootElement.GetProperty("agrees").GetBoolean());

        var copy = await Copy("user_session_analytics", records => records.RemoveAt(0), prefix: "ctl_");
        var (differed, listed) = await CtlAsync(["crosscheck", .. range, "--left", "user_session_analytics", "--right", "ctl_user_session_analytics"]);
        Assert.True(differed == 1, listed);
        Assert.Contains("missing", listed, StringComparison.Ordinal);
        Assert.Contains(copy.Removed!["session_id"]!.GetValue<string>(), listed, StringComparison.Ordinal);
        Assert.Contains("DIFFERS: 1 differences", listed, StringComparison.Ordinal);

        var (refused, why) = await CtlAsync(["crosscheck", "--from", "yesterday", "--to", Iso(fixture.To)]);
        Assert.Equal(1, refused);
        Assert.Contains("from", why, StringComparison.Ordinal);
        var (usage, _) = await CtlAsync(["crosscheck", .. range, "--right", "ctl_user_session_analytics", "--engine", "duckdb"]);
        Assert.Equal(2, usage);
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(int Code, string Output)> CtlAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Streaming.Ctl.CtlApp.RunAsync(["--url", fixture.Node.BaseAddress.ToString(), .. args], stdout, stderr);
        return (code, stdout + "\n" + stderr);
    }

    private Task<CrosscheckReport> Compare(string topic) =>
        Crosscheck.RunAsync(ResultSource.Topic(fixture.Reader, topic), ResultSource.Topic(fixture.Reader, "copy_" + topic), fixture.From, fixture.To);

    private sealed record TopicCopy(List<JsonObject> Original, List<JsonObject> Copied, JsonObject? Removed);

    /// <summary>Writes <c>{prefix}{topic}</c>: the topic's records, changed by <paramref name="change"/>, keyed as before.</summary>
    private async Task<TopicCopy> Copy(string topic, Action<List<JsonObject>> change, string prefix = "copy_")
    {
        var read = await TopicReader.ReadAsync(fixture.Reader, topic);
        var original = read.Select(r => JsonNode.Parse(r.Value!)!.AsObject()).ToList();
        var copied = original.Select(r => r.DeepClone().AsObject()).ToList();
        change(copied);
        var removed = original.FirstOrDefault(o => !copied.Any(c => JsonNode.DeepEquals(c, o)) && copied.Count < original.Count);
        fixture.Kafka.CreateTopic(prefix + topic);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = fixture.Kafka.BootstrapServers, Acks = Acks.All }).Build();
        foreach (var record in copied)
        {
            await producer.ProduceAsync(prefix + topic, new Message<string, string> { Key = "k", Value = record.ToJsonString() });
        }

        return new TopicCopy(original, copied, removed);
    }
}
