using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Tests.Flink;

/// <summary>
/// The Flink SQL jobs (which nothing here can run) checked against the product: source topics and bounds, sink
/// tables and columns named as the result records' JSON fields, result ids built the same way, and every window
/// length, N and threshold equal to the configured default.
/// </summary>
public sealed partial class FlinkJobTests
{
    private static readonly FlinkSql Sessions = FlinkSql.Load("user-session-analytics.sql");
    private static readonly FlinkSql Products = FlinkSql.Load("product-popularity-analytics.sql");
    private static readonly FlinkSql Orders = FlinkSql.Load("order-anomaly-detection.sql");

    public static TheoryData<string, string, string> Sources => new()
    {
        { "user-session-analytics.sql", "user_events", "0.002" },
        { "product-popularity-analytics.sql", "product_analytics", "0.001" },
        { "order-anomaly-detection.sql", "order_events", "0.001" },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Each_job_reads_its_topic_as_JSON_with_the_configured_bound_and_idle_timeout(string file, string topic, string adjustment)
    {
        var sql = FlinkSql.Load(file);
        var options = sql.TableOptions(topic);
        Assert.Equal(("kafka", topic, "json", "earliest-offset"), (options["connector"], options["topic"], options["format"], options["scan.startup.mode"]));
        var watermark = Regex.Match(sql.TableBody(topic), @"WATERMARK FOR event_time AS event_time - (.*)$").Groups[1].Value;
        Assert.Equal([ConfiguredDefaults.OutOfOrderness, TimeSpan.FromMilliseconds(double.Parse(adjustment, CultureInfo.InvariantCulture) * 1000)], FlinkSql.Intervals(watermark));
        Assert.Equal(Seconds(ConfiguredDefaults.IdleAfter), sql.Settings()["table.exec.source.idle-timeout"]);
        Assert.Equal("UTC", sql.Settings()["table.local-time-zone"]);
    }

    [Fact]
    public void The_sinks_are_the_flink_topics_with_the_columns_of_the_result_records()
    {
        AssertSink(Sessions, "flink_user_session_analytics", "user_id", Fields(Sample.Session));
        AssertSink(Products, "flink_product_popularity_metrics", "product_id", Fields(Sample.Popularity));
        AssertSink(Products, "flink_trending_products", "window_end", Fields(Sample.Trending));
        AssertSink(Orders, "flink_order_anomaly_alerts", "alert_id", Fields(Sample.Alert));

        var entry = Fields(Sample.Trending.GetProperty("top_products")[0]);
        Assert.Equal(entry, FlinkSql.RowFields(Products.ColumnType("flink_trending_products", "top_products")));
        Assert.Equal(entry, FlinkSql.RowFields(Products.ColumnType("flink_trending_products", "by_category")[Products.ColumnType("flink_trending_products", "by_category").IndexOf("ROW", StringComparison.Ordinal)..]));
        var evidence = Orders.ColumnType("flink_order_anomaly_alerts", "evidence");
        Assert.Equal(Fields(Sample.Alert.GetProperty("evidence")), FlinkSql.RowFields(evidence));
        Assert.Equal(Fields(Sample.Alert.GetProperty("evidence").GetProperty("events")[0]), FlinkSql.RowFields(evidence[evidence.IndexOf("ROW<event_id", StringComparison.Ordinal)..]));
    }

    [Fact]
    public void Result_ids_are_built_as_the_engine_builds_them()
    {
        // {user_id}:{session start in epoch ms}
        Assert.Contains("CONCAT(user_id, ':', CAST(MIN(event_ms) AS STRING)) AS session_id", Sessions.Text, StringComparison.Ordinal);
        // {window_start ms}:{product_id}, and trending keyed by window_end
        Assert.Contains("CAST(UNIX_TIMESTAMP(DATE_FORMAT(window_start, 'yyyy-MM-dd HH:mm:ss')) * 1000 + CAST(DATE_FORMAT(window_start, 'SSS') AS BIGINT) AS STRING), ':', product_id)", Products.Text, StringComparison.Ordinal);
        // the first 32 hex digits of SHA-256 over RULE|user_id|event ids
        var ids = AlertIdRegex().Matches(Orders.Text).Select(m => m.Groups[1].Value).Distinct().Order().ToList();
        Assert.Equal(["AMOUNT_SPIKE", "CARD_TESTING", "HIGH_FREQUENCY", "HIGH_VALUE", "INVALID_TRANSITION", "ORDER_STALLED", "TOTAL_MISMATCH"], ids);
        Assert.Contains("CONCAT('INVALID_TRANSITION|', user_id, '|', from_event_id, ',', to_event_id)", Orders.Text, StringComparison.Ordinal);
        Assert.Contains("CONCAT_WS(',', F.event_id, LISTAGG(CASE WHEN A.status = 'payment_failed' THEN A.event_id END, ','), P.event_id)", Orders.Text, StringComparison.Ordinal);
        // every result time in the result topics' format
        Assert.All(DateFormatRegex().Matches(Sessions.Text + Products.Text + Orders.Text).Select(m => m.Groups[1].Value).Where(f => f.Contains('T', StringComparison.Ordinal)),
            f => Assert.Equal("yyyy-MM-dd''T''HH:mm:ss.SSS''Z''", f));
    }

    [Fact]
    public void Sessions_use_the_configured_gap_less_a_millisecond()
    {
        var session = Sessions.Between("SESSION(TABLE user_events PARTITION BY user_id, DESCRIPTOR(event_time),", "))");
        Assert.Equal([ConfiguredDefaults.SessionGap - TimeSpan.FromMilliseconds(1)], FlinkSql.Intervals(session));
        Assert.Contains($"CAST({ConfiguredDefaults.SessionGap.TotalSeconds} AS DOUBLE) AS gap_seconds", Sessions.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Popularity_uses_the_configured_hop_and_trending_the_configured_top_N()
    {
        var hop = Products.Between("HOP(TABLE product_analytics, DESCRIPTOR(event_time),", "))");
        Assert.Equal([ConfiguredDefaults.ProductSlide, ConfiguredDefaults.ProductWindow], FlinkSql.Intervals(hop));
        // the regrouping of hop windows tumbles by one slide
        Assert.All(FlinkSql.Intervals(string.Join(" ", Regex.Matches(Products.Text, @"DESCRIPTOR\((entry|product)_time\), INTERVAL '[^']+' \w+|DESCRIPTOR\(rowtime\), INTERVAL '[^']+' \w+").Select(m => m.Value))),
            i => Assert.Equal(ConfiguredDefaults.ProductSlide, i));
        Assert.Contains($"WHERE `rank` <= {ConfiguredDefaults.TrendingTopN};", Products.Text, StringComparison.Ordinal);
        Assert.Contains("1 * views + 3 * add_to_cart + 5 * purchases AS popularity_score", Products.Text, StringComparison.Ordinal);
        Assert.Contains("ORDER BY popularity_score DESC, product_id ASC", Products.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_order_rules_use_the_configured_thresholds_and_windows()
    {
        var o = Orders.Text;
        string N(decimal d) => d.ToString(CultureInfo.InvariantCulture);
        Assert.Contains($"WHERE total_amount >= {N(ConfiguredDefaults.HighValueThreshold)};", o, StringComparison.Ordinal);
        Assert.Contains($"CASE WHEN total_amount >= {N(ConfiguredDefaults.CriticalValueThreshold)} THEN 'CRITICAL' ELSE 'HIGH' END", o, StringComparison.Ordinal);
        Assert.Contains($"ABS(total_amount - items_total) > {N(ConfiguredDefaults.MismatchTolerance)} * total_amount", o, StringComparison.Ordinal);
        Assert.Contains($"WHERE created_in_window >= {ConfiguredDefaults.FrequencyCount})", o, StringComparison.Ordinal);
        Assert.Equal(
            [ConfiguredDefaults.FrequencyWindow - TimeSpan.FromMilliseconds(1), ConfiguredDefaults.FrequencyWindow - TimeSpan.FromMilliseconds(1)],
            FlinkSql.Intervals(string.Join(" ", Regex.Matches(o, @"RANGE BETWEEN INTERVAL '[^']+' \w+( TO SECOND)? PRECEDING").Select(m => m.Value))));
        Assert.Contains($"WHERE history_count >= {ConfiguredDefaults.SpikeMinHistory} AND total_amount * history_count > {N(ConfiguredDefaults.SpikeFactor)} * history_sum", o, StringComparison.Ordinal);
        Assert.Contains($"0) >= {ConfiguredDefaults.CardTestingFailures} );", o, StringComparison.Ordinal);
        Assert.Equal([ConfiguredDefaults.CardTestingWindow + TimeSpan.FromMilliseconds(1)], FlinkSql.Intervals(Orders.Between("PATTERN (F A*? P) WITHIN", "DEFINE")));
        var stall = Orders.Between("LEFT JOIN settlements s", "WHERE s.event_id IS NULL");
        Assert.Equal([ConfiguredDefaults.OrderRetention, ConfiguredDefaults.StallTimeout], FlinkSql.Intervals(stall));
        Assert.Equal([ConfiguredDefaults.OrderRetention], FlinkSql.Intervals(Orders.Between("PATTERN (S R* X) WITHIN", "DEFINE")));
        // the figures in the evidence and descriptions
        Assert.Contains($"'window_seconds', CAST({ConfiguredDefaults.FrequencyWindow.TotalSeconds} AS", o, StringComparison.Ordinal);
        Assert.Contains($"'window_seconds', CAST({ConfiguredDefaults.CardTestingWindow.TotalSeconds} AS", o, StringComparison.Ordinal);
        Assert.Contains($"'timeout_seconds', CAST({ConfiguredDefaults.StallTimeout.TotalSeconds} AS", o, StringComparison.Ordinal);
        Assert.Contains($"within {ConfiguredDefaults.StallTimeout.TotalSeconds}s", o, StringComparison.Ordinal);
        Assert.Contains($"orders within {ConfiguredDefaults.FrequencyWindow.TotalSeconds}s (threshold {ConfiguredDefaults.FrequencyCount})", o, StringComparison.Ordinal);
    }

    private static void AssertSink(FlinkSql sql, string table, string key, List<string> fields)
    {
        Assert.Equal(fields, sql.Columns(table));
        var options = sql.TableOptions(table);
        Assert.Equal(("kafka", table, "raw", key, "json", "ALL"),
            (options["connector"], options["topic"], options["key.format"], options["key.fields"], options["value.format"], options["value.fields-include"]));
        Assert.Equal(ResultKinds.FromTopic(table), ResultKinds.FromTopic(ResultKinds.FlinkPrefix + ResultKinds.Topic(ResultKinds.FromTopic(table)!.Value)));
        Assert.Contains("headers MAP<STRING, BYTES> METADATA", sql.TableBody(table), StringComparison.Ordinal);
    }

    private static List<string> Fields(JsonElement record) => [.. record.EnumerateObject().Select(p => p.Name)];

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";

    [GeneratedRegex(@"SUBSTRING\(SHA256\(CONCAT\('([A-Z_]+)\|', user_id, '\|', [^)]*\)\) FROM 1 FOR 32\)")]
    private static partial Regex AlertIdRegex();

    [GeneratedRegex(@"DATE_FORMAT\([^,]+(?:\([^)]*\))?[^,]*, '((?:[^']|'')*)'\)")]
    private static partial Regex DateFormatRegex();
}
