using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Streaming.Streams.Kafka;
using Streaming.TestSupport;

namespace Streaming.Api.Tests;

/// <summary>Each ingest endpoint's happy path, read back from the topic with kcat.</summary>
public sealed class IngestRoundTripTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private sealed record AcceptedAnswer(string Status, string EventId, string Topic, int Partition, long Offset);

    private static readonly JsonSerializerOptions Snake = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private async Task<(AcceptedAnswer Answer, Kcat.Record Record, JsonElement Body)> PostAndReadBack(string path, string body)
    {
        var response = await gateway.Http.PostAsync(path, GatewayFixture.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var answer = JsonSerializer.Deserialize<AcceptedAnswer>(text, Snake)!;
        var record = Kcat.ReadAll(gateway.Bootstrap, answer.Topic).Single(r => r.Partition == answer.Partition && r.Offset == answer.Offset);
        return (answer, record, JsonDocument.Parse(record.Value).RootElement);
    }

    [Fact]
    public async Task User_event_lands_keyed_by_user_on_the_java_partition_with_headers()
    {
        var (answer, record, body) = await PostAndReadBack("/api/v1/examples/user-events",
            """{"user_id":"user_rt_1","event_type":"page_view","page_url":"/p/1","timestamp":"2026-11-25T10:00:00","metadata":{"device":"mobile","location":"Seoul","extra":{"a":1}}}""");

        Assert.Equal("user_events", answer.Topic);
        Assert.Equal("user_rt_1", record.Key);
        Assert.Equal(KeyPartitioner.Partition(Encoding.UTF8.GetBytes("user_rt_1"), 3), record.Partition);
        Assert.Equal(answer.EventId, record.Headers["event_id"]);
        Assert.Equal("application/json", record.Headers["content-type"]);
        Assert.Equal("user_rt_1", body.GetProperty("user_id").GetString());
        Assert.Equal("page_view", body.GetProperty("event_type").GetString());
        Assert.Equal("/p/1", body.GetProperty("page_url").GetString());
        Assert.Equal(answer.EventId, body.GetProperty("event_id").GetString());
        Assert.Equal(7, Guid.Parse(answer.EventId).Version);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), body.GetProperty("timestamp").GetDateTimeOffset());
        Assert.EndsWith("Z", body.GetProperty("timestamp").GetString());
        Assert.True(body.GetProperty("ingested_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal("mobile", body.GetProperty("metadata").GetProperty("device").GetString());
        Assert.Equal(1, body.GetProperty("metadata").GetProperty("extra").GetProperty("a").GetInt32());
    }

    [Fact]
    public async Task Product_event_keeps_the_client_event_id_and_defaults_quantity()
    {
        var (answer, record, body) = await PostAndReadBack("/api/v1/examples/product-analytics",
            """{"event_id":"client-evt-1","product_id":"prod_rt","action":"view","user_id":"u9","timestamp":"2026-11-25T10:00:00+09:00","properties":{"category":"books","price":12.50,"brand":"B"}}""");

        Assert.Equal("product_analytics", answer.Topic);
        Assert.Equal("client-evt-1", answer.EventId);
        Assert.Equal("prod_rt", record.Key);
        Assert.Equal(KeyPartitioner.Partition(Encoding.UTF8.GetBytes("prod_rt"), 3), record.Partition);
        Assert.Equal(1, body.GetProperty("quantity").GetInt32());
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero), body.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal(12.50m, body.GetProperty("properties").GetProperty("price").GetDecimal());
        Assert.Equal("books", body.GetProperty("properties").GetProperty("category").GetString());
    }

    [Fact]
    public async Task Order_event_is_keyed_by_user_with_exact_decimals_and_default_currency()
    {
        var (answer, record, body) = await PostAndReadBack("/api/v1/examples/order-events",
            """{"order_id":"o_rt","user_id":"user_o","status":"created","total_amount":1234567.89,"items":[{"product_id":"p1","quantity":3,"price":411522.63}],"shipping_address":{"city":"Seoul","district":"Jongno","zip":"03000"},"payment_method":"card"}""");

        Assert.Equal("order_events", answer.Topic);
        Assert.Equal("user_o", record.Key);
        Assert.Equal(1234567.89m, body.GetProperty("total_amount").GetDecimal());
        Assert.Equal("KRW", body.GetProperty("currency").GetString());
        Assert.Equal(411522.63m, body.GetProperty("items")[0].GetProperty("price").GetDecimal());
        Assert.Equal("03000", body.GetProperty("shipping_address").GetProperty("zip").GetString());
        // No timestamp sent: the gateway stamps its receive time.
        Assert.True(body.GetProperty("timestamp").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Produce_to_an_event_topic_validates_and_writes_like_the_event_endpoint()
    {
        var (answer, record, body) = await PostAndReadBack("/api/v1/streaming/produce",
            """{"topic":"user_events","value":{"user_id":"via_produce","event_type":"search"}}""");
        Assert.Equal("user_events", answer.Topic);
        Assert.Equal("via_produce", record.Key);
        Assert.Equal("search", body.GetProperty("event_type").GetString());
    }

    [Fact]
    public async Task Produce_to_a_created_custom_topic_writes_the_value_with_the_given_key()
    {
        var created = await gateway.Http.PostAsync("/api/v1/streaming/topics/custom.audit/create?partitions=2", null);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var topics = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/v1/streaming/topics");
        Assert.Contains(topics.GetProperty("topics").EnumerateArray(), t => t.GetProperty("name").GetString() == "custom.audit" && t.GetProperty("partitions").GetInt32() == 2);

        var (answer, record, body) = await PostAndReadBack("/api/v1/streaming/produce", """{"topic":"custom.audit","key":"k1","value":{"anything":[1,2,3]}}""");
        Assert.Equal("custom.audit", answer.Topic);
        Assert.Equal("k1", record.Key);
        Assert.Equal(3, body.GetProperty("anything").GetArrayLength());
    }

    [Fact]
    public async Task Batch_is_written_in_full_and_each_event_is_read_back()
    {
        var events = Enumerable.Range(0, 20).Select(i => $$"""{"user_id":"batch_u{{i % 4}}","event_type":"click","page_url":"/b/{{i}}"}""");
        var response = await gateway.Http.PostAsync("/api/v1/examples/batch-events?topic=user_events", GatewayFixture.Json("[" + string.Join(",", events) + "]"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var answer = JsonDocument.Parse(text).RootElement;
        Assert.Equal(20, answer.GetProperty("accepted_count").GetInt32());
        var records = Kcat.ReadAll(gateway.Bootstrap, "user_events");
        foreach (var a in answer.GetProperty("accepted").EnumerateArray())
        {
            var record = records.Single(r => r.Partition == a.GetProperty("partition").GetInt32() && r.Offset == a.GetProperty("offset").GetInt64());
            Assert.Equal(a.GetProperty("event_id").GetString(), record.Headers["event_id"]);
            Assert.StartsWith("batch_u", record.Key);
        }
    }

    [Fact]
    public async Task Partial_batch_accepts_the_valid_events_and_lists_the_rejected_with_reasons()
    {
        var before = gateway.EndOffsets("order_events");
        var body = """
            {"events":[
              {"order_id":"pb1","user_id":"pu","status":"created","total_amount":10},
              {"order_id":"pb2","user_id":"pu","status":"teleported","total_amount":10},
              {"order_id":"pb3","user_id":"pu","status":"paid","total_amount":10}
            ]}
            """;
        var response = await gateway.Http.PostAsync("/api/v1/examples/batch-events?topic=order_events&partial=true", GatewayFixture.Json(body));
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, answer.GetProperty("accepted_count").GetInt32());
        var rejected = Assert.Single(answer.GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        Assert.True(rejected.GetProperty("errors").TryGetProperty("status", out _));
        Assert.Equal(before + 2, gateway.EndOffsets("order_events"));
    }

    [Fact]
    public async Task Status_reports_the_embedded_broker_topics_and_produced_counts()
    {
        await gateway.Http.PostAsync("/api/v1/examples/user-events", GatewayFixture.Json("""{"user_id":"st","event_type":"login"}"""));
        var status = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/v1/examples/streaming-status");
        Assert.True(status.GetProperty("embedded_broker").GetBoolean());
        Assert.Equal(gateway.Bootstrap, status.GetProperty("bootstrap_servers").GetString());
        Assert.Contains(status.GetProperty("topics").EnumerateArray(), t => t.GetProperty("name").GetString() == "user_session_analytics");
        Assert.True(status.GetProperty("produced_counts").GetProperty("user_events").GetInt64() >= 1);

        var health = await gateway.Http.GetAsync("/health/");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Docs_and_openapi_document_describe_the_ingest_endpoints_with_examples()
    {
        var docs = await gateway.Http.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        var openapi = await gateway.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var post = openapi.GetProperty("paths").GetProperty("/api/v1/examples/order-events").GetProperty("post");
        var example = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("created", example.GetProperty("status").GetString());
        var metrics = await gateway.Http.GetStringAsync("/metrics");
        Assert.Contains("http_requests_received_total", metrics);
    }

    [Fact]
    public async Task Consumer_groups_report_committed_offsets_and_lag()
    {
        for (var i = 0; i < 5; i++)
            await gateway.Http.PostAsync("/api/v1/examples/user-events", GatewayFixture.Json("""{"user_id":"lag_user","event_type":"click"}"""));
        var partition = KeyPartitioner.Partition(Encoding.UTF8.GetBytes("lag_user"), 3);
        var end = Kcat.ReadAll(gateway.Bootstrap, "user_events").Where(r => r.Partition == partition).Max(r => r.Offset) + 1;
        using (var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(new Confluent.Kafka.ConsumerConfig { BootstrapServers = gateway.Bootstrap, GroupId = "lag-probe" }).Build())
            consumer.Commit([new Confluent.Kafka.TopicPartitionOffset("user_events", partition, end - 3)]);

        var answer = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/v1/streaming/consumer-groups?group=lag-probe");
        var group = answer.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group_id").GetString() == "lag-probe");
        var lag = group.GetProperty("partitions").EnumerateArray().Single(p => p.GetProperty("topic").GetString() == "user_events" && p.GetProperty("partition").GetInt32() == partition);
        Assert.Equal(end - 3, lag.GetProperty("committed").GetInt64());
        Assert.Equal(end, lag.GetProperty("end").GetInt64());
        Assert.Equal(3, lag.GetProperty("lag").GetInt64());
        Assert.Equal(3, group.GetProperty("total_lag").GetInt64());
    }
}
