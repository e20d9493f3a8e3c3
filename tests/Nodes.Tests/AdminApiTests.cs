using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Streaming.Streams.Contracts;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Nodes.Tests;

/// <summary>
/// One real node (gateway and processor) with an API key hash configured, a broker hosted by the test: the admin
/// endpoints streaming-ctl uses — membership events, sharding, the partition table, the topic tail — answer from the
/// node's real cluster, shard regions, state database and Kafka, and refuse requests without the key.
/// </summary>
public sealed class AdminApiTests(AdminApiTests.AdminNode node, ITestOutputHelper output) : IClassFixture<AdminApiTests.AdminNode>
{
    private const string Key = "admin-api-test-key";

    // printf %s admin-api-test-key | sha256sum
    private const string KeyHash = "sha256:809c1ac223fc6b36278d89ce88b0456aba4c0f77439300e570e730f7a0907dc7";

    private static readonly string[] EngineTypes = ["combiner-trending", "order-lifecycle", "product-windows", "user-anomaly", "user-session"];

    [Fact]
    public async Task Admin_endpoints_refuse_a_request_without_a_key_with_401_and_one_with_an_unknown_key_with_403()
    {
        foreach (var path in new[] { "/api/v1/admin/partitions", "/api/v1/admin/cluster/events", "/api/v1/admin/sharding/regions", "/api/v1/streaming/topics/user_events/tail?limit=1" })
        {
            using (var none = await node.SendAsync(path, key: null))
                await AssertProblemAsync(none, HttpStatusCode.Unauthorized, path);
            using (var wrong = await node.SendAsync(path, key: Key + "x"))
                await AssertProblemAsync(wrong, HttpStatusCode.Forbidden, path);
            // The hash itself is no key.
            using (var hash = await node.SendAsync(path, key: KeyHash))
                await AssertProblemAsync(hash, HttpStatusCode.Forbidden, path);
        }
        using var accepted = await node.SendAsync("/api/v1/admin/partitions");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.DoesNotContain(node.Node.Lines, l => l.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cluster_events_start_with_the_nodes_member_up_then_name_it_leader()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await node.SendAsync("/api/v1/admin/cluster/events", ct: cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<JsonElement>();
        await foreach (var (name, data) in ServerSentEvents(await response.Content.ReadAsStreamAsync(cts.Token), cts.Token))
        {
            Assert.Equal("member", name);
            events.Add(data);
            if (data.GetProperty("type").GetString() == "leader_changed") break;
        }
        output.WriteLine(string.Join("\n", events));
        var first = events[0];
        Assert.Equal("member_up", first.GetProperty("type").GetString());
        Assert.Equal(node.Self, first.GetProperty("address").GetString());
        Assert.Equal("Up", first.GetProperty("status").GetString());
        Assert.Equal(["gateway", "processor"], first.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(DateTimeOffset.UtcNow - first.GetProperty("at").GetDateTimeOffset() < TimeSpan.FromHours(1), "at is the time the node saw the event");
        var leader = events[^1];
        Assert.Equal(node.Self, leader.GetProperty("address").GetString());
        Assert.Equal(JsonValueKind.Null, leader.GetProperty("status").ValueKind);
    }

    [Fact]
    public async Task Partitions_list_every_input_partition_owned_by_the_node_with_checkpoints_and_commits_advancing_to_no_lag()
    {
        var first = await node.TrafficAsync();
        var second = await node.PostAndDrainAsync(TrafficGenerator.Generate(seed: 72, users: 12, eventsPerUser: 4, Start.AddMinutes(10), SessionTraffic.Gap, "adm_b"));

        Assert.Equal("streaming-processors", second.GetProperty("group").GetString());
        var rows = second.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(TopicNames.InputTopics.SelectMany(t => Enumerable.Range(0, 3).Select(p => (t, p))),
            rows.Select(r => (r.GetProperty("topic").GetString()!, r.GetProperty("partition").GetInt32())));
        foreach (var row in rows)
        {
            Assert.Equal(node.Self, row.GetProperty("owner").GetString());
            Assert.Equal("processing", row.GetProperty("state").GetString());
            Assert.True(row.GetProperty("epoch").GetInt64() >= 1, $"{row}: an opened partition has an epoch");
        }

        // Kafka's own view of the log, read with kcat: where each partition of user_events ends.
        var ends = Kcat.ReadAll(node.Kafka.BootstrapServers, TopicNames.UserEvents).GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.Max(r => r.Offset) + 1);
        Assert.Equal(node.Posted.Count, Kcat.ReadAll(node.Kafka.BootstrapServers, TopicNames.UserEvents).Count);
        var before = UserRows(first);
        foreach (var (partition, row) in UserRows(second))
        {
            var end = ends.GetValueOrDefault(partition);
            Assert.Equal(end, row.GetProperty("log_end_offset").GetInt64());
            if (end == 0) continue;
            Assert.Equal(end, row.GetProperty("committed_offset").GetInt64());
            Assert.Equal(0, row.GetProperty("lag").GetInt64());
            Assert.Equal(end - 1, row.GetProperty("checkpoint_offset").GetInt64());
            Assert.NotEqual(JsonValueKind.Null, row.GetProperty("watermark").ValueKind);
            Assert.True(row.GetProperty("watermark_delay_seconds").GetDouble() >= 0);
            var earlier = before[partition];
            if (end > earlier.GetProperty("log_end_offset").GetInt64())
            {
                Assert.True(row.GetProperty("committed_offset").GetInt64() > Offset(earlier, "committed_offset"), $"partition {partition}: the commit advanced");
                Assert.True(row.GetProperty("checkpoint_offset").GetInt64() > Offset(earlier, "checkpoint_offset"), $"partition {partition}: the checkpoint advanced");
            }
        }
        Assert.True(UserRows(second).Any(r => r.Value.GetProperty("log_end_offset").GetInt64() > before[r.Key].GetProperty("log_end_offset").GetInt64()),
            "the second batch reached some partition");
    }

    [Fact]
    public async Task Sharding_lists_the_engines_types_with_the_nodes_regions_and_the_entities_of_the_posted_users()
    {
        await node.TrafficAsync();
        var users = node.Posted.Select(e => e.UserId).ToHashSet(StringComparer.Ordinal);

        var regions = await node.GetJsonAsync("/api/v1/admin/sharding/regions");
        output.WriteLine(regions.ToString());
        var types = regions.GetProperty("types").EnumerateArray().ToList();
        Assert.Equal(EngineTypes, types.Select(t => t.GetProperty("type_name").GetString()));
        foreach (var type in types)
            Assert.Equal([node.Self], type.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("address").GetString()));
        var sessions = types.Single(t => t.GetProperty("type_name").GetString() == "user-session").GetProperty("regions")[0];
        Assert.True(sessions.GetProperty("shards").GetInt32() > 0, sessions.ToString());
        Assert.True(sessions.GetProperty("entities").GetInt32() > 0, sessions.ToString());

        var stats = await node.GetJsonAsync("/api/v1/admin/sharding/user-session/region-stats");
        Assert.Equal("user-session", stats.GetProperty("type_name").GetString());
        Assert.Empty(stats.GetProperty("failed").EnumerateArray());
        var region = Assert.Single(stats.GetProperty("regions").EnumerateArray());
        Assert.Equal(node.Self, region.GetProperty("address").GetString());
        var shards = region.GetProperty("shards").EnumerateArray().ToList();
        Assert.Subset(new HashSet<string?> { "0", "1", "2" }, shards.Select(s => s.GetProperty("shard_id").GetString()).ToHashSet());
        Assert.True(shards.Sum(s => s.GetProperty("entities").GetInt32()) > 0, region.ToString());

        var local = await node.GetJsonAsync("/api/v1/admin/sharding/user-session/shard-stats");
        output.WriteLine(local.ToString());
        Assert.Equal("user-session", local.GetProperty("type_name").GetString());
        Assert.Equal(node.Self, local.GetProperty("address").GetString());
        Assert.Empty(local.GetProperty("failed").EnumerateArray());
        var entities = 0;
        foreach (var shard in local.GetProperty("shards").EnumerateArray())
        {
            var ids = shard.GetProperty("entity_ids").EnumerateArray().Select(i => i.GetString()!).ToList();
            var count = shard.GetProperty("entities").GetInt32();
            entities += count;
            Assert.Equal(Math.Min(count, 20), ids.Count);
            Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
            Assert.Subset(users, ids.ToHashSet(StringComparer.Ordinal));
        }
        Assert.True(entities > 0, local.ToString());

        foreach (var path in new[] { "/api/v1/admin/sharding/no-such-type/region-stats", "/api/v1/admin/sharding/no-such-type/shard-stats" })
        {
            using var unknown = await node.SendAsync(path);
            var problem = await AssertProblemAsync(unknown, HttpStatusCode.NotFound, path);
            foreach (var type in EngineTypes) Assert.Contains(type, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_tail_from_the_beginning_returns_the_posted_records_as_kcat_reads_them_by_key_too_and_follows_the_end()
    {
        await node.TrafficAsync();
        var bootstrap = node.Kafka.BootstrapServers;
        var logged = Kcat.ReadAll(bootstrap, TopicNames.UserEvents);
        Assert.Equal(node.Posted.Count, logged.Count);

        var tailed = await TailAsync($"/api/v1/streaming/topics/{TopicNames.UserEvents}/tail?from_beginning=true&limit={logged.Count}");
        Assert.Equal(logged.Count, tailed.Count);
        var byPlace = tailed.ToDictionary(r => (r.GetProperty("partition").GetInt32(), r.GetProperty("offset").GetInt64()));
        foreach (var record in logged)
        {
            var mine = byPlace[(record.Partition, record.Offset)];
            Assert.Equal(TopicNames.UserEvents, mine.GetProperty("topic").GetString());
            Assert.Equal(record.Key, mine.GetProperty("key").GetString());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(record.Value), JsonNode.Parse(mine.GetProperty("value").GetRawText())), $"{record.Value} vs {mine.GetProperty("value")}");
            Assert.Equal(record.Headers, mine.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!));
            Assert.Equal(JsonValueKind.String, mine.GetProperty("timestamp").ValueKind);
        }
        // What was posted is what the tail shows.
        Assert.Equal(node.Posted.Select(Posted).Order(StringComparer.Ordinal), tailed.Select(r => Posted(r.GetProperty("value"))).Order(StringComparer.Ordinal));

        var user = node.Posted[0].UserId;
        var own = logged.Where(r => r.Key == user).Select(r => (r.Partition, r.Offset)).Order().ToList();
        var filtered = await TailAsync($"/api/v1/streaming/topics/{TopicNames.UserEvents}/tail?from_beginning=true&key={user}&limit={own.Count}");
        Assert.Equal(own, filtered.Select(r => (r.GetProperty("partition").GetInt32(), r.GetProperty("offset").GetInt64())).Order());

        // From the end: only records written after the tail started; one is posted at a time until the tail has one.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var latest = TailAsync($"/api/v1/streaming/topics/{TopicNames.UserEvents}/tail?limit=1", cts.Token);
        var sent = new List<ExpectedSession.Input>();
        while (!latest.IsCompleted)
        {
            var e = new ExpectedSession.Input($"adm_t{sent.Count}", Start.AddHours(1).AddSeconds(sent.Count), "click", null, "web");
            sent.Add(e);
            await node.PostAsync([e]);
            await Task.WhenAny(latest, Task.Delay(500, cts.Token));
        }
        var next = Assert.Single(await latest);
        Assert.Contains(Posted(next.GetProperty("value")), sent.Select(Posted));

        using var unknown = await node.SendAsync("/api/v1/streaming/topics/no_such_topic/tail?limit=1");
        var problem = await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "tail of an unknown topic");
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
        // Asking did not create it.
        var topics = (await node.GetJsonAsync("/api/v1/streaming/topics")).GetProperty("topics").EnumerateArray().Select(t => t.GetProperty("name").GetString());
        Assert.DoesNotContain("no_such_topic", topics);
    }

    private static readonly DateTimeOffset Start = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);

    private async Task<List<JsonElement>> TailAsync(string path, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(60));
        using var response = await node.SendAsync(path, ct: cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var records = new List<JsonElement>();
        // The stream ends by itself after `limit` records.
        await foreach (var (name, data) in ServerSentEvents(await response.Content.ReadAsStreamAsync(cts.Token), cts.Token))
        {
            Assert.Equal("record", name);
            records.Add(data);
        }
        return records;
    }


    private static string Posted(ExpectedSession.Input e) => $"{e.UserId}|{e.Time.ToUnixTimeMilliseconds()}|{e.EventType}";

    private static string Posted(JsonElement value) =>
        $"{value.GetProperty("user_id").GetString()}|{value.GetProperty("timestamp").GetDateTimeOffset().ToUnixTimeMilliseconds()}|{value.GetProperty("event_type").GetString()}";

    private static Dictionary<int, JsonElement> UserRows(JsonElement answer) =>
        answer.GetProperty("partitions").EnumerateArray().Where(r => r.GetProperty("topic").GetString() == TopicNames.UserEvents)
            .ToDictionary(r => r.GetProperty("partition").GetInt32());

    private static long Offset(JsonElement row, string name) => row.GetProperty(name).ValueKind == JsonValueKind.Null ? -1 : row.GetProperty(name).GetInt64();

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        // Bounded: a stream answered by mistake would never end.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var body = await response.Content.ReadAsStringAsync(cts.Token);
        Assert.True(status == response.StatusCode, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>The messages of a text/event-stream: each its event name and its one data line as JSON.</summary>
    private static async IAsyncEnumerable<(string Event, JsonElement Data)> ServerSentEvents(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length > 0)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Add(line["data: ".Length..]);
                else Assert.Fail($"unexpected line in the event stream: {line}");
                continue;
            }
            Assert.NotNull(name);
            var json = Assert.Single(data);
            yield return (name, JsonDocument.Parse(json).RootElement.Clone());
            name = null;
            data.Clear();
        }
    }

    /// <summary>The node of these tests, started once: gateway and processor on a broker the test hosts, with the key's hash configured.</summary>
    public sealed class AdminNode : IAsyncLifetime
    {
        private readonly string _dataDir = Directory.CreateTempSubdirectory("streaming-admin-").FullName;
        // The tests of a class run one at a time: the first to ask posts the batch, the others reuse its outcome.
        private Task<JsonElement>? _traffic;

        public ExternalKafka Kafka { get; private set; } = null!;

        public NodeProcess Node { get; private set; } = null!;

        /// <summary>The node's cluster address.</summary>
        public string Self { get; private set; } = "";

        /// <summary>Every user event posted so far.</summary>
        public List<ExpectedSession.Input> Posted { get; } = [];

        public async Task InitializeAsync()
        {
            Kafka = ExternalKafka.Start(partitions: 3);
            Node = NodeProcess.Start(new NodeProcessOptions
            {
                Environment = new Dictionary<string, string>(Kafka.NodeEnvironment.Concat(SessionTraffic.Settings(("Streaming__Gateway__ApiKeys__0", KeyHash)))),
                Arguments = ["--data-dir", _dataDir],
            });
            (await Node.WaitForHttpAsync("/health/ready", TimeSpan.FromSeconds(90))).Dispose();
            Self = (await GetJsonAsync("/api/v1/admin/cluster")).GetProperty("self").GetString()!;
        }

        public async Task DisposeAsync()
        {
            await Node.DisposeAsync();
            Kafka.Dispose();
            Directory.Delete(_dataDir, recursive: true);
        }

        public async Task<HttpResponseMessage> SendAsync(string path, string? key = Key, CancellationToken ct = default)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (key is not null) request.Headers.Add("X-API-Key", key);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            return await Node.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }

        public async Task<JsonElement> GetJsonAsync(string path)
        {
            using var response = await SendAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }

        public async Task PostAsync(IReadOnlyList<ExpectedSession.Input> events)
        {
            // Ingest needs no key.
            await SessionTraffic.PostAsync(Node.Http, events);
            lock (Posted) Posted.AddRange(events);
        }

        /// <summary>The first batch of user events, posted once and processed; the partition table once it was.</summary>
        public Task<JsonElement> TrafficAsync() =>
            _traffic ??= PostAndDrainAsync(TrafficGenerator.Generate(seed: 71, users: 24, eventsPerUser: 5, Start, SessionTraffic.Gap, "adm_a"));

        /// <summary>Posts the events, then waits until every user_events partition ends where the posts put it and is committed and checkpointed there.</summary>
        public async Task<JsonElement> PostAndDrainAsync(IReadOnlyList<ExpectedSession.Input> events)
        {
            await PostAsync(events);
            return await Eventually.Value(() => GetJsonAsync("/api/v1/admin/partitions"), answer =>
            {
                var rows = answer.GetProperty("partitions").EnumerateArray().ToList();
                var user = rows.Where(r => r.GetProperty("topic").GetString() == TopicNames.UserEvents).ToList();
                return rows.All(r => r.GetProperty("state").GetString() == "processing")
                    && user.Sum(r => r.GetProperty("log_end_offset").GetInt64()) == Posted.Count
                    && user.All(r => r.GetProperty("log_end_offset").GetInt64() == 0
                        || (r.GetProperty("lag").ValueKind == JsonValueKind.Number && r.GetProperty("lag").GetInt64() == 0
                            && r.GetProperty("checkpoint_offset").ValueKind == JsonValueKind.Number
                            && r.GetProperty("checkpoint_offset").GetInt64() == r.GetProperty("log_end_offset").GetInt64() - 1));
            }, TimeSpan.FromSeconds(60), "every user_events partition processed, checkpointed and committed up to its end", TimeSpan.FromMilliseconds(250));
        }
    }
}
