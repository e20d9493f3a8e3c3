using System.Text.Json;
using System.Text.Json.Nodes;
using Streaming.Crosscheck.Engine;
using Streaming.Crosscheck.Reconcile;
using Streaming.Crosscheck.Results;
using Streaming.Crosscheck.Tests.Reference;

namespace Streaming.Crosscheck.Tests.Reconcile;

/// <summary>The reconciler on records at hand: every kind of difference is reported exactly, and nothing else.</summary>
public sealed class ReconcilerTests
{
    private static readonly DateTimeOffset From = DateTimeOffset.FromUnixTimeMilliseconds(Settings.T0 - 60_000);
    private static readonly DateTimeOffset To = DateTimeOffset.FromUnixTimeMilliseconds(Settings.T0 + 600_000);
    private static readonly Lazy<EngineResults> Baseline = new(() =>
        DuckDbEngine.RunAsync(new DatasetGenerator(7).Next(users: 5, products: 5, orderUsers: 5).ToInput(), Settings.Options).GetAwaiter().GetResult());

    private static List<JsonObject> Records(ResultKind kind) => [.. Baseline.Value.Json(kind).Select(j => JsonNode.Parse(j.GetRawText())!.AsObject())];

    private static ResultSource Side(string name, ResultKind kind, IEnumerable<JsonObject> records) =>
        ResultSource.Json(name, kind, records.Select(r => JsonSerializer.SerializeToElement(r)));

    private static Task<CrosscheckReport> Check(ResultKind kind, IEnumerable<JsonObject> left, IEnumerable<JsonObject> right, CrosscheckTolerances? tolerances = null, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        Crosscheck.RunAsync(Side("left", kind, left), Side("right", kind, right), from ?? From, to ?? To, tolerances);

    [Fact]
    public async Task Identical_sides_agree_for_every_kind()
    {
        foreach (var kind in ResultKinds.All)
        {
            var records = Records(kind);
            Assert.NotEmpty(records);
            var report = await Check(kind, records, Records(kind));
            Assert.True(report.Agrees, report.ToTable());
            Assert.Equal(records.Count, report.Kinds.Single().Matched);
        }
    }

    [Fact]
    public async Task The_engine_results_agree_with_themselves_and_with_their_json()
    {
        var report = await Crosscheck.RunAsync(ResultSource.Results(Baseline.Value), ResultSource.Results(Baseline.Value, "again"), From, To);
        Assert.True(report.Agrees);
        Assert.Equal(ResultKinds.All, report.Kinds.Select(k => k.Kind));
        var alerts = await Crosscheck.RunAsync(ResultSource.Results(Baseline.Value), Side("alerts", ResultKind.Alerts, Records(ResultKind.Alerts)), From, To);
        Assert.Equal([ResultKind.Alerts], alerts.Kinds.Select(k => k.Kind));
        Assert.True(alerts.Agrees);
    }

    [Fact]
    public async Task A_missing_session_is_reported_once_with_its_id_and_record()
    {
        var left = Records(ResultKind.Sessions);
        var right = Records(ResultKind.Sessions);
        var removed = right[3];
        right.RemoveAt(3);

        var report = await Check(ResultKind.Sessions, left, right);

        var difference = Assert.Single(report.Differences);
        Assert.Equal((ResultKind.Sessions, DifferenceType.Missing, removed["session_id"]!.GetValue<string>(), (string?)null), (difference.Kind, difference.Type, difference.Id, difference.Field));
        Assert.Equal(removed.ToJsonString(), JsonSerializer.Serialize(difference.Left));
        Assert.False(report.Agrees);
        Assert.Equal((1L, (long)left.Count - 1), (report.Kinds[0].Missing, report.Kinds[0].Matched));
    }

    [Fact]
    public async Task An_extra_alert_is_reported_once_with_its_id()
    {
        var left = Records(ResultKind.Alerts);
        var right = Records(ResultKind.Alerts);
        var extra = right[0].DeepClone().AsObject();
        extra["alert_id"] = "ffffffffffffffffffffffffffffffff";
        extra["order_id"] = "invented";
        right.Add(extra);

        var difference = Assert.Single((await Check(ResultKind.Alerts, left, right)).Differences);
        Assert.Equal((DifferenceType.Extra, "ffffffffffffffffffffffffffffffff"), (difference.Type, difference.Id));
        Assert.Null(difference.Left);
    }

    [Fact]
    public async Task A_changed_count_is_reported_as_that_field_with_both_values()
    {
        var left = Records(ResultKind.Popularity);
        var right = Records(ResultKind.Popularity);
        var views = right[5]["views"]!.GetValue<long>();
        right[5]["views"] = views + 1;

        var report = await Check(ResultKind.Popularity, left, right);

        var difference = Assert.Single(report.Differences);
        var id = $"{DateTimeOffset.Parse(right[5]["window_start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()}:{right[5]["product_id"]}";
        Assert.Equal((DifferenceType.Differs, id, "views"), (difference.Type, difference.Id, difference.Field));
        Assert.Equal((views, views + 1), (difference.Left!.Value.GetInt64(), difference.Right!.Value.GetInt64()));
        Assert.Equal(1, report.Kinds[0].Differing);
    }

    [Fact]
    public async Task A_shifted_window_is_a_missing_and_an_extra_window()
    {
        var left = Records(ResultKind.Popularity);
        var right = Records(ResultKind.Popularity);
        var shifted = right[0];
        var start = DateTimeOffset.Parse(shifted["window_start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        shifted["window_start"] = ResultTime.Format(start.AddSeconds(60));
        shifted["window_end"] = ResultTime.Format(start.AddSeconds(70));

        var report = await Check(ResultKind.Popularity, left, right);

        Assert.Equal(
            [(DifferenceType.Missing, $"{start.ToUnixTimeMilliseconds()}:{shifted["product_id"]}"), (DifferenceType.Extra, $"{start.AddSeconds(60).ToUnixTimeMilliseconds()}:{shifted["product_id"]}")],
            report.Differences.Select(d => (d.Type, d.Id)));
    }

    [Fact]
    public async Task Only_records_in_the_range_are_compared_and_a_record_that_moved_across_its_end_differs()
    {
        var left = Records(ResultKind.Sessions).OrderBy(r => r["session_end"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        var right = left.Select(r => r.DeepClone().AsObject()).ToList();
        var to = DateTimeOffset.Parse(left[4]["session_end"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        right.RemoveAt(left.Count - 1); // after the range: not reported
        right[4]["event_count"] = 99; // ends exactly at `to`: outside the range
        right[3]["session_end"] = ResultTime.Format(to.AddHours(1)); // was inside: moved out, still compared

        var report = await Check(ResultKind.Sessions, left, right, to: to);

        var difference = Assert.Single(report.Differences);
        Assert.Equal((DifferenceType.Differs, "session_end"), (difference.Type, difference.Field));
        Assert.Equal(left.Count(r => DateTimeOffset.Parse(r["session_end"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) < to), report.Kinds[0].Left);
    }

    [Fact]
    public async Task An_id_published_twice_with_different_contents_is_a_conflict_and_an_identical_redelivery_is_not()
    {
        var left = Records(ResultKind.Trending);
        var right = Records(ResultKind.Trending);
        right.Add(right[0].DeepClone().AsObject());
        var changed = right[1].DeepClone().AsObject();
        changed["product_count"] = 1000;
        right.Add(changed);

        var report = await Check(ResultKind.Trending, left, right);

        var conflict = Assert.Single(report.Differences);
        Assert.Equal((DifferenceType.Conflict, right[1]["window_end"]!.GetValue<string>()), (conflict.Type, conflict.Id));
        Assert.StartsWith("right: published twice", conflict.Note, StringComparison.Ordinal);
        Assert.Equal(1, report.Kinds[0].Conflicts);
    }

    [Fact]
    public async Task A_record_without_its_id_is_unreadable_and_named_by_where_it_is()
    {
        var right = Records(ResultKind.Alerts);
        right[2].Remove("alert_id");
        var report = await Check(ResultKind.Alerts, Records(ResultKind.Alerts), right, CrosscheckTolerances.Default with { MatchAlertsByNaturalKey = false });

        Assert.Equal(
            [(DifferenceType.Missing, Records(ResultKind.Alerts)[2]["alert_id"]!.GetValue<string>()), (DifferenceType.Unreadable, "right[2]")],
            report.Differences.Select(d => (d.Type, d.Id)).OrderBy(d => d.Type));
        Assert.Contains("'alert_id' is missing", report.Differences.Single(d => d.Type == DifferenceType.Unreadable).Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_with_other_ids_are_matched_by_rule_user_order_and_time_and_their_fields_compared()
    {
        var left = Records(ResultKind.Alerts);
        var right = Records(ResultKind.Alerts);
        var original = right[1]["alert_id"]!.GetValue<string>();
        right[1]["alert_id"] = "0123456789abcdef0123456789abcdef";
        right[1]["severity"] = "NONE";

        var report = await Check(ResultKind.Alerts, left, right);
        Assert.Equal([("alert_id", original), ("severity", original)], report.Differences.Select(d => (d.Field!, d.Id)));
        Assert.All(report.Differences, d => Assert.StartsWith("matched by rule, user_id, order_id and event_time", d.Note, StringComparison.Ordinal));

        var withoutFallback = await Check(ResultKind.Alerts, left, right, CrosscheckTolerances.Default with { MatchAlertsByNaturalKey = false });
        Assert.Equal([DifferenceType.Missing, DifferenceType.Extra], withoutFallback.Differences.Select(d => d.Type));
        var ignoringIds = await Check(ResultKind.Alerts, left, right, CrosscheckTolerances.Default with { IgnoredFields = ["detected_at", "alert_id", "severity"] });
        Assert.True(ignoringIds.Agrees);
    }

    [Fact]
    public async Task The_report_renders_as_json_and_as_a_table()
    {
        var right = Records(ResultKind.Sessions);
        right[0]["page_views"] = 42;
        var report = await Check(ResultKind.Sessions, Records(ResultKind.Sessions), right);

        var json = JsonDocument.Parse(report.ToJson()).RootElement;
        Assert.False(json.GetProperty("agrees").GetBoolean());
        Assert.Equal(1, json.GetProperty("difference_count").GetInt64());
        Assert.Equal(ResultTime.Format(From), json.GetProperty("from").GetString());
        var kind = json.GetProperty("kinds")[0];
        Assert.Equal(("sessions", 1), (kind.GetProperty("kind").GetString(), kind.GetProperty("differing").GetInt32()));
        var difference = json.GetProperty("differences")[0];
        Assert.Equal(("differs", "page_views", 42), (difference.GetProperty("type").GetString(), difference.GetProperty("field").GetString(), difference.GetProperty("right").GetInt32()));

        var table = report.ToTable();
        Assert.Contains("KIND      LEFT", table, StringComparison.Ordinal);
        Assert.Contains($"sessions  differs  {right[0]["session_id"]}  page_views", table, StringComparison.Ordinal);
        Assert.EndsWith("DIFFERS: 1 differences" + Environment.NewLine, table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sides_without_a_common_kind_or_an_empty_range_are_refused()
    {
        var sessions = Side("s", ResultKind.Sessions, []);
        var alerts = Side("a", ResultKind.Alerts, []);
        await Assert.ThrowsAsync<ArgumentException>(() => Crosscheck.RunAsync(sessions, alerts, From, To));
        await Assert.ThrowsAsync<ArgumentException>(() => Crosscheck.RunAsync(sessions, sessions, To, From));
        Assert.Throws<ArgumentException>(() => ResultSource.Topic(new Streaming.Crosscheck.Kafka.TopicReaderOptions { BootstrapServers = "x:1" }, "my_topic"));
        Assert.Equal("kafka:flink_trending_products", ResultSource.Topic(new Streaming.Crosscheck.Kafka.TopicReaderOptions { BootstrapServers = "x:1" }, "flink_trending_products").Name);
    }
}
