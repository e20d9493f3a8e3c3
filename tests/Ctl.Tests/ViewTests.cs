using System.Text.Json;
using Streaming.Ctl.Commands;
using Streaming.Ctl.Output;
using Streaming.Ctl.Views;

namespace Streaming.Ctl.Tests;

/// <summary>Each view drawn from a hand-written answer of the shape the admin API contract gives.</summary>
public sealed class ViewTests
{
    private const string A5 = "akka.tcp://streaming@10.0.0.5:4053";
    private const string A6 = "akka.tcp://streaming@10.0.0.6:4053";
    private const string A7 = "akka.tcp://streaming@10.0.0.7:4053";

    private static string Draw(View view, string json)
    {
        using var document = JsonDocument.Parse(json);
        return view(document.RootElement, Style.Plain);
    }

    [Fact]
    public void Cluster_show_lists_members_then_leader_oldest_and_the_answering_node()
    {
        var json = $$"""
            {"self":"{{A6}}","leader":"{{A5}}","oldest":"{{A5}}","members":[
              {"address":"{{A5}}","status":"Up","roles":["gateway"],"reachable":true},
              {"address":"{{A6}}","status":"Up","roles":["processor"],"reachable":false},
              {"address":"{{A7}}","status":"Leaving","roles":["gateway","processor"],"reachable":true}]}
            """;
        Assert.Equal(
            """
            ADDRESS                             STATUS   ROLES               REACHABLE
            akka.tcp://streaming@10.0.0.5:4053  Up       gateway             yes
            akka.tcp://streaming@10.0.0.6:4053  Up       processor           no
            akka.tcp://streaming@10.0.0.7:4053  Leaving  gateway, processor  yes

            leader   akka.tcp://streaming@10.0.0.5:4053
            oldest   akka.tcp://streaming@10.0.0.5:4053
            seen by  akka.tcp://streaming@10.0.0.6:4053

            """, Draw(ClusterMembersView.Render, json));
    }

    [Fact]
    public void Partitions_show_ten_columns_within_100_owners_as_host_and_port_and_unknowns_as_dashes()
    {
        var json = $$"""
            {"partitions":[
              {"topic":"user_events","partition":0,"owner":"{{A6}}","epoch":3,"checkpoint_offset":1200,"committed_offset":1250,"log_end_offset":1300,
               "lag":50,"watermark":"2026-10-02T14:00:00+00:00","watermark_delay_seconds":4.2,"state":"processing"},
              {"topic":"user_events","partition":1,"owner":null,"epoch":null,"checkpoint_offset":null,"committed_offset":null,"log_end_offset":80,
               "lag":null,"watermark":null,"watermark_delay_seconds":null,"state":"unassigned"},
              {"topic":"order_events","partition":0,"owner":"{{A7}}","epoch":1,"checkpoint_offset":90,"committed_offset":95,"log_end_offset":100,
               "lag":5,"watermark":"2026-10-02T15:56:26+02:00","watermark_delay_seconds":214.0,"state":"held"}],
             "group":"streaming-processors","timestamp":"2026-10-02T14:00:04.2Z"}
            """;
        var drawn = Draw(PartitionsView.Render, json);
        // 101 columns two spaces apart, so one space apart.
        Assert.Equal(
            """
            TOPIC        PART OWNER         STATE      CHECKPOINT COMMITTED LOG END LAG WATERMARK  DELAY
            user_events     0 10.0.0.6:4053 processing       1200      1250    1300  50 14:00:00    4.2s
            user_events     1 -             unassigned          -         -      80   - -              -
            order_events    0 10.0.0.7:4053 held               90        95     100   5 13:56:26  3m 34s

            group  streaming-processors
            at     2026-10-02 14:00:04 UTC

            """, drawn);
        Assert.All(drawn.Split('\n'), line => Assert.True(line.Length <= 100, line));
    }

    [Fact]
    public void Sharding_regions_list_each_types_regions_with_shard_and_entity_counts()
    {
        var json = $$"""
            {"types":[{"type_name":"user-session","regions":[{"address":"{{A6}}","shards":12,"entities":340},{"address":"{{A7}}","shards":18,"entities":512}]},
                      {"type_name":"product-windows","regions":[{"address":"{{A6}}","shards":30,"entities":41}]}]}
            """;
        Assert.Equal(
            """
            TYPE             REGION                              SHARDS  ENTITIES
            user-session     akka.tcp://streaming@10.0.0.6:4053      12       340
            user-session     akka.tcp://streaming@10.0.0.7:4053      18       512
            product-windows  akka.tcp://streaming@10.0.0.6:4053      30        41

            """, Draw(ShardingRegionsView.Render, json));
        Assert.Equal("No shard region has started in this cluster.\n", Draw(ShardingRegionsView.Render, """{"types":[]}"""));
    }

    [Fact]
    public void Region_stats_list_every_shard_with_totals_and_the_regions_that_did_not_answer()
    {
        var json = $$"""
            {"type_name":"user-session","regions":[{"address":"{{A6}}","shards":[{"shard_id":"3","entities":120},{"shard_id":"7","entities":4}]},
                                                   {"address":"{{A7}}","shards":[{"shard_id":"12","entities":0}]}],
             "failed":["akka.tcp://streaming@10.0.0.8:4053"]}
            """;
        Assert.Equal(
            """
            REGION                              SHARD  ENTITIES
            akka.tcp://streaming@10.0.0.6:4053  3           120
            akka.tcp://streaming@10.0.0.6:4053  7             4
            akka.tcp://streaming@10.0.0.7:4053  12            0

            type            user-session
            total           2 regions, 3 shards, 124 entities
            no answer from  akka.tcp://streaming@10.0.0.8:4053

            """, Draw(RegionStatsView.Render, json));
    }

    [Fact]
    public void Shard_stats_list_the_regions_shards_with_their_first_entity_ids()
    {
        var json = $$"""
            {"type_name":"user-session","address":"{{A6}}","shards":[{"shard_id":"3","entities":3,"entity_ids":["u1","u9","u17"]},
                                                                      {"shard_id":"7","entities":25,"entity_ids":["u2","u5"]}],"failed":["11"]}
            """;
        Assert.Equal(
            """
            SHARD  ENTITIES  ENTITY IDS
            3             3  u1, u9, u17
            7            25  u2, u5, …

            type                   user-session
            region                 akka.tcp://streaming@10.0.0.6:4053
            no answer from shards  11

            """, Draw(ShardStatsView.Render, json));
    }

    [Fact]
    public void Health_shows_the_verdict_then_each_dependency()
    {
        var json = """{"status":"healthy","checked_at":"2026-10-02T14:00:05.5+00:00","dependencies":{"kafka":{"status":"up","detail":"3 broker(s)"}}}""";
        Assert.Equal(
            """
            status   healthy
            checked  2026-10-02 14:00:05 UTC

            DEPENDENCY  STATUS  DETAIL
            kafka       up      3 broker(s)

            """, Draw(HealthView.Render, json));
    }

    [Fact]
    public void Topics_list_names_and_partition_counts()
    {
        Assert.Equal(
            """
            TOPIC              PARTITIONS
            user_events                 6
            product_analytics          12

            """, Draw(TopicsView.Render, """{"topics":[{"name":"user_events","partitions":6},{"name":"product_analytics","partitions":12}],"count":2}"""));
    }

    [Fact]
    public void Status_shows_the_broker_then_topics_with_what_was_produced_to_each()
    {
        var json = """
            {"status":"running","bootstrap_servers":"localhost:9092","embedded_broker":true,"topics":[{"name":"user_events","partitions":6}],
             "produced_counts":{"orders_x":3,"user_events":120},"timestamp":"2026-10-02T14:00:05Z"}
            """;
        Assert.Equal(
            """
            status             running
            bootstrap servers  localhost:9092
            embedded broker    yes
            at                 2026-10-02 14:00:05 UTC

            TOPIC        PARTITIONS  PRODUCED
            user_events           6       120
            orders_x              -         3

            """, Draw(StatusView.Render, json));
    }

    [Fact]
    public void Metrics_show_counters_partitions_and_held_partitions_with_what_to_do_about_them()
    {
        var json = """
            {"totals":{"consumed:user_events":1200,"published":37},
             "partitions":[{"partition_id":"user_events-0","epoch":3,"checkpoint_offset":1200,"watermark":"2026-10-02T14:00:00Z","watermark_delay_seconds":4.2,
                            "updated_at":"2026-10-02T14:00:05Z","resumed_from":1100},
                           {"partition_id":"user_events-1","epoch":1,"checkpoint_offset":0,"watermark":"2026-10-02T13:59:59Z","watermark_delay_seconds":5,
                            "updated_at":"2026-10-02T14:00:05Z","resumed_from":-1}],
             "timestamp":"2026-10-02T14:00:06Z","held":{"user_events-2":12}}
            """;
        Assert.Equal(
            """
            COUNTER               VALUE
            consumed:user_events   1200
            published                37

            PARTITION      EPOCH  CHECKPOINT  WATERMARK  DELAY  UPDATED   RESUMED FROM
            user_events-0      3        1200  14:00:00    4.2s  14:00:05          1100
            user_events-1      1           0  13:59:59    5.0s  14:00:05             -

            HELD           RECORDS NOT PROCESSED
            user_events-2                     12
            Their stored state cannot be applied to the log; 'streaming-ctl state reset --topic T --partition P' starts one afresh.

            at  2026-10-02 14:00:06 UTC

            """, Draw(MetricsView.Render, json));
    }

    [Fact]
    public void A_session_shows_its_fields_one_per_line_with_times_in_utc()
    {
        var json = """
            {"user_id":"u42","session_id":"s-1","session_start":"2026-10-02T14:00:00Z","event_count":3,"event_types":{"page_view":2,"purchase":1},
             "devices":["web","ios"],"gap_seconds":1800.0}
            """;
        Assert.Equal(
            """
            user_id        u42
            session_id     s-1
            session_start  2026-10-02 14:00:00 UTC
            event_count    3
            event_types    {"page_view":2,"purchase":1}
            devices        web, ios
            gap_seconds    1800.0

            """, Draw(SessionView.Render, json));
    }

    [Fact]
    public void Alerts_show_one_row_per_alert_and_a_sentence_when_there_is_none()
    {
        var json = """
            [{"alert_id":"9f","rule":"HIGH_VALUE_ORDER","severity":"HIGH","user_id":"u42","order_id":"o-7","amount":2500.5,
              "event_time":"2026-10-02T14:00:00Z","detected_at":"2026-10-02T14:00:01Z","description":"Order total 2500.5 exceeds 1000","evidence":{}}]
            """;
        var lines = Draw(AlertsView.Render, json).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["EVENT", "TIME", "RULE", "SEVERITY", "ORDER", "AMOUNT", "DESCRIPTION"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["2026-10-02", "14:00:00", "HIGH_VALUE_ORDER", "HIGH", "o-7", "2500.5", "Order", "total", "2500.5", "exceeds", "1000"],
            lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("No recent alert for this user.\n", Draw(AlertsView.Render, "[]"));
    }

    [Fact]
    public void Windows_show_one_row_per_open_window()
    {
        var json = """
            [{"product_id":"p7","window_start":"2026-10-02T13:55:00Z","window_end":"2026-10-02T14:05:00Z","views":10,"add_to_cart":4,"purchases":2,
              "unique_users":7,"revenue":59.8,"conversion_rate":0.2,"cart_rate":0.4,"popularity_score":32,"category":"toys","brand":null}]
            """;
        var lines = Draw(WindowsView.Render, json).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(["2026-10-02", "13:55:00", "2026-10-02", "14:05:00", "10", "4", "2", "7", "59.8", "0.2", "32"],
            lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_state_reset_names_the_partitions_that_start_afresh()
    {
        Assert.Equal("Reset the stored state of 2 partitions: user_events-0, user_events-1. They start from fresh state.\n",
            Draw(StateResetView.Render, """{"reset":["user_events-0","user_events-1"],"refused":[]}"""));
        Assert.Equal("No partition was reset.\n", Draw(StateResetView.Render, """{"reset":[],"refused":[]}"""));
    }

    [Fact]
    public void Cluster_commands_say_what_happens_to_the_members_acted_on()
    {
        Assert.StartsWith($"Asked {A7} to leave", Draw(ClusterCommandView.Leave, $$"""{"addresses":["{{A7}}"]}"""), StringComparison.Ordinal);
        Assert.StartsWith($"Marked {A7} down", Draw(ClusterCommandView.Down, $$"""{"addresses":["{{A7}}"]}"""), StringComparison.Ordinal);
        Assert.Equal($"Downed 2 unreachable members: {A6}, {A7}.\n", Draw(ClusterCommandView.DownUnreachable, $$"""{"addresses":["{{A6}}","{{A7}}"]}"""));
        Assert.Equal("No member is unreachable: nothing was downed.\n", Draw(ClusterCommandView.DownUnreachable, """{"addresses":[]}"""));
    }

    [Fact]
    public void A_membership_event_is_one_line_with_the_addresses_lined_up()
    {
        Assert.Equal($"2026-10-02 14:00:05  member_up         {A6}  Up  [processor]\n",
            Draw(ClusterEventLine.Render, $$"""{"type":"member_up","address":"{{A6}}","status":"Up","roles":["processor"],"at":"2026-10-02T14:00:05Z"}"""));
        Assert.Equal("2026-10-02 14:00:06  leader_changed    (no leader)\n",
            Draw(ClusterEventLine.Render, """{"type":"leader_changed","address":null,"status":null,"roles":[],"at":"2026-10-02T14:00:06Z"}"""));
    }

    [Fact]
    public void A_record_is_one_line_with_its_place_in_the_log_key_headers_and_compact_value()
    {
        Assert.Equal("user_events/2@120  2026-10-02 14:00:00  key=u1  headers{source=web}  {\"event_type\":\"page_view\"}\n",
            Draw(RecordLine.Render, """
                {"topic":"user_events","partition":2,"offset":120,"timestamp":"2026-10-02T14:00:00Z","key":"u1","headers":{"source":"web"},
                 "value":{"event_type":"page_view"}}
                """));
        Assert.Equal("custom/0@1  2026-10-02 14:00:00  key=-  not json\n",
            Draw(RecordLine.Render, """{"topic":"custom","partition":0,"offset":1,"timestamp":"2026-10-02T14:00:00Z","key":null,"headers":{},"value":"not json"}"""));
    }

    [Fact]
    public void A_view_of_an_answer_missing_its_fields_draws_what_there_is_instead_of_failing()
    {
        foreach (var view in new View[] { ClusterMembersView.Render, PartitionsView.Render, MetricsView.Render, HealthView.Render, StatusView.Render,
                     ShardingRegionsView.Render, RegionStatsView.Render, ShardStatsView.Render, SessionView.Render, AlertsView.Render, WindowsView.Render })
        {
            Assert.NotNull(Draw(view, "{}"));
            Assert.NotNull(Draw(view, "[]"));
        }
    }
}
