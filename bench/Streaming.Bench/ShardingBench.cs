using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streaming.Engine.Entities;
using Streaming.Engine.Hosting;
using Streaming.Engine.Processing;
using Streaming.Nodes;

namespace Streaming.Bench;

/// <summary>
/// The floor under the engine's cost per entity touch: what one command to a sharded entity and its
/// answer cost on this machine when the entity does nothing else — the engine's own path (a local
/// shard region with the engine's shard settings and its partition extractor, answers into a
/// <see cref="ReplyInbox"/> in rounds, one concurrent round per partition processor) without state,
/// persistence, Kafka or results. Every command goes to a different entity of the round, as an order
/// event's entities do.
/// </summary>
internal static class ShardingBench
{
    private sealed record Touch(string EntityId, int Partition) : IEntityMessage
    {
        public string PartitionId => "bench-" + Partition;
    }

    private sealed record Touched(string EntityId);

    private sealed class Entity : ReceiveActor
    {
        public Entity(string id) => Receive<Touch>(_ => Sender.Tell(new Touched(id)));
    }

    public static async Task RunAsync(BenchOptions o)
    {
        var entities = Math.Max(o.Entities, o.Batch);
        var engine = new EngineOptions();
        using var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .ConfigureServices(s => s.AddAkka("shardingbench", (b, _) => b
                .WithRemoting("127.0.0.1", 0)
                .WithClustering(new ClusterOptions { Roles = ["processor"] })
                .AddStartup((system, _) => AkkaSetup.JoinSelf(system))))
            .Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var region = await ClusterSharding.Get(system).StartAsync("bench", id => Props.Create(() => new Entity(id)), EngineShards.Settings(system, engine),
            new PartitionShardExtractor());
        var timeout = TimeSpan.FromSeconds(30);
        Console.Error.WriteLine($"sharding: {o.Partitions} processors, rounds of {o.Batch} commands over {entities:N0} entities, warm-up {o.Warmup} s, measured {o.Seconds} s");

        var inboxes = Enumerable.Range(0, o.Partitions).Select(_ => new ReplyInbox(system)).ToArray();
        try
        {
            // Start every entity once, so the measurement is of entities in memory (as in a step of the engine).
            foreach (var chunk in Enumerable.Range(0, entities).Chunk(o.Batch))
                await inboxes[0].RoundAsync<Touched>(region, [.. chunk.Select(i => (object)new Touch("e" + i, i % o.Partitions))], timeout);

            var touches = new long[o.Partitions];
            var measuring = false;
            var stop = false;
            var drivers = inboxes.Select((inbox, p) => Task.Run(async () =>
            {
                var random = new Random(p);
                while (!Volatile.Read(ref stop))
                {
                    var first = random.Next(entities);
                    var round = Enumerable.Range(0, o.Batch).Select(i => (object)new Touch("e" + ((first + i) % entities), (first + i) % entities % o.Partitions)).ToList();
                    await inbox.RoundAsync<Touched>(region, round, timeout);
                    if (Volatile.Read(ref measuring)) touches[p] += round.Count;
                }
            })).ToArray();

            await Task.Delay(TimeSpan.FromSeconds(o.Warmup));
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            Volatile.Write(ref measuring, true);
            await Task.Delay(TimeSpan.FromSeconds(o.Seconds));
            Volatile.Write(ref measuring, false);
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            Volatile.Write(ref stop, true);
            await Task.WhenAll(drivers);

            var total = touches.Sum();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sharding: {total / elapsed:N0} commands answered/s by sharded entities ({o.Partitions} processors, rounds of {o.Batch}), " +
                $"{cpu / elapsed:N2} cores, {cpu * 1e6 / Math.Max(1, total):N1} µs of CPU per command and answer"));
        }
        finally
        {
            foreach (var inbox in inboxes) inbox.Dispose();
            await host.StopAsync();
        }
    }
}
