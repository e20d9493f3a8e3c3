using System.Diagnostics;
using System.Globalization;
using Akka;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streaming.Analytics.Keyed;
using Streaming.Engine.Entities;
using Streaming.Engine.Hosting;
using Streaming.Engine.Processing;
using Streaming.Analytics.Anomalies;
using Streaming.Analytics.Popularity;
using Streaming.Nodes;
using Streaming.Streams.Contracts;
using Streaming.Streams.Kafka;
using Streaming.TestSupport;

namespace Streaming.Bench;

/// <summary>
/// The ceiling the engine's plumbing puts on a stream on this machine: the shop traffic of the analytics
/// benchmark into the embedded broker, read back through the engine's own Kafka source (one consumer, a
/// sub-stream per partition, steps of what arrived), each record parsed into the computation's input, and
/// each step's inputs taken to sharded entities that do nothing but answer — with the entity touches an
/// input costs in the engine: an order event goes to its user and its order, its user is touched again
/// when the watermark releases it to the ordered rules, and an order entity stops after its fourth event
/// (the engine passivates finished orders); a product event goes to its product. No state, persistence,
/// timers, results or commits: whatever the engine does per event comes on top of this. Everything runs
/// in this process, so the figure is the whole machine's (broker and generator included), like the
/// analytics benchmark's events/s.
/// </summary>
internal static class FloorBench
{
    private const double RetentionBytesPerPartition = 5 * 1024 * 1024;

    private sealed record Touch(string EntityId, int Partition) : IEntityMessage
    {
        public string PartitionId => "bench-" + Partition;
    }

    private sealed record Touched(string EntityId);

    /// <summary>Answers every touch; with <paramref name="stopAfter"/> it asks to be passivated after that many.</summary>
    private sealed class Entity(string id, int stopAfter) : UntypedActor
    {
        private int _touches;

        protected override void OnReceive(object message)
        {
            if (message is not Touch) return;
            Sender.Tell(new Touched(id));
            if (stopAfter > 0 && ++_touches == stopAfter) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        }
    }

    public static async Task RunAsync(BenchOptions o)
    {
        var engine = new EngineOptions();
        using var kafka = ExternalKafka.Start(o.Partitions);
        using var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .ConfigureServices(s => s.AddAkka("floorbench", (b, _) => b
                .ConfigureLoggers(l => l.LogLevel = Akka.Event.LogLevel.ErrorLevel)
                .WithRemoting("127.0.0.1", 0)
                .WithClustering(new ClusterOptions { Roles = ["processor"] })
                .AddStartup((system, _) => AkkaSetup.JoinSelf(system))))
            .Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var sharding = ClusterSharding.Get(system);
        var settings = EngineShards.Settings(system, engine);
        var users = await sharding.StartAsync("floor-user", id => Props.Create(() => new Entity(id, 0)), settings, new PartitionShardExtractor());
        var orders = await sharding.StartAsync("floor-order", id => Props.Create(() => new Entity(id, 4)), settings, new PartitionShardExtractor());
        var products = await sharding.StartAsync("floor-product", id => Props.Create(() => new Entity(id, 0)), settings, new PartitionShardExtractor());
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"floor: partitions={o.Partitions} users={o.Users} open-orders={o.Active} products={o.Products} product-share={o.ProductShare} touches={o.Touches} warm-up {o.Warmup} s, measured {o.Seconds} s, server GC {System.Runtime.GCSettings.IsServerGC}"));

        var traffic = new ShopTraffic(o);
        using var generator = new Generator(kafka.BootstrapServers, traffic);
        var consumed = new EngineBench.Metric();
        var touches = new EngineBench.Metric();
        var consumer = new KafkaConsumerSettings(kafka.BootstrapServers, "floorbench", [TopicNames.ProductAnalytics, TopicNames.OrderEvents])
        {
            GroupProtocol = Confluent.Kafka.GroupProtocol.Consumer,
            MaxBufferedPerPartition = engine.MaxBufferedPerPartition,
        }.WithProperty("fetch.wait.max.ms", ((int)engine.FetchWaitMax.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        var (control, done) = KafkaConsumer.PartitionedSource(consumer)
            .ViaMaterialized(Flow.Create<(Confluent.Kafka.TopicPartition Partition, Source<CommittableMessage, NotUsed> Messages)>().MergeMany(consumer.MaxPartitions, p =>
            {
                var step = new Step(system, p.Partition.Partition.Value, users, orders, products, o.Touches, engine.AskTimeout, consumed, touches);
                return p.Messages
                    .Batch(engine.MaxBatch, m => new List<CommittableMessage> { m }, (batch, m) =>
                    {
                        batch.Add(m);
                        return batch;
                    })
                    .SelectAsync(1, step.RunAsync)
                    .WatchTermination((_, t) =>
                    {
                        t.ContinueWith(_ => step.Dispose(), TaskScheduler.Default);
                        return NotUsed.Instance;
                    });
            }), Keep.Left)
            .ToMaterialized(Sink.Ignore<int>(), Keep.Both)
            .Run(system.Materializer());

        // Keep the backlog within half of what the broker retains of the topics the traffic goes to.
        var topics = (o.ProductShare > 0 ? 1 : 0) + (o.ProductShare < 1 ? 1 : 0);
        generator.Limit = EngineBench.ClosedLoop(consumed, (long)(o.Partitions * topics * RetentionBytesPerPartition * 0.5 / generator.RecordBytes));
        generator.Start();
        await Task.Delay(TimeSpan.FromSeconds(o.Warmup));
        var (events0, touches0) = (consumed.Value, touches.Value);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var machine0 = ProcStat.Machine();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(o.Seconds));
        var seconds = clock.Elapsed.TotalSeconds;
        var (events, touched) = (consumed.Value - events0, touches.Value - touches0);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpu0) / seconds;
        var machine1 = ProcStat.Machine();
        generator.Stop();
        await control.Shutdown();
        await Task.WhenAny(done, Task.Delay(TimeSpan.FromSeconds(5)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"floor: {events / seconds:N0} events/s through the engine's Kafka source, parsing and {(o.Touches ? $"{touched / (double)Math.Max(1, events):N2} entity touches per event" : "no entity touches")}; " +
            $"process CPU {cpu:N2} cores ({cpu * 1e6 / Math.Max(1, events / seconds):N1} µs per event, broker and generator included), machine {(double)(machine1.Busy - machine0.Busy) / Math.Max(1, machine1.Total - machine0.Total):P0}"));
        await host.StopAsync();
    }

    /// <summary>One partition's steps: parse the batch, then one round per entity kind, as the engine's processor does.</summary>
    private sealed class Step(ActorSystem system, int partition, IActorRef users, IActorRef orders, IActorRef products, bool touch, TimeSpan timeout,
        EngineBench.Metric consumed, EngineBench.Metric touches) : IDisposable
    {
        private readonly ReplyInbox _users = new(system);
        private readonly ReplyInbox _orders = new(system);
        private readonly ReplyInbox _products = new(system);
        // Users whose events the previous step buffered: this step releases them (the engine's timer round).
        private List<object> _release = [];

        public async Task<int> RunAsync(List<CommittableMessage> batch)
        {
            var userKeys = new HashSet<string>(StringComparer.Ordinal);
            var orderKeys = new HashSet<string>(StringComparer.Ordinal);
            var productKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var message in batch)
            {
                if (message.Partition.Topic == TopicNames.OrderEvents)
                {
                    if (!EventRecords.TryParse(EventKinds.Order, ConsumedRecord.Of(message).Record, OrderActivity.From, out var order, out var problem)) throw new InvalidOperationException(problem);
                    userKeys.Add(order.UserId);
                    orderKeys.Add(order.OrderId);
                }
                else
                {
                    if (!EventRecords.TryParse(EventKinds.Product, ConsumedRecord.Of(message).Record, ProductActivity.From, out var product, out var problem)) throw new InvalidOperationException(problem);
                    productKeys.Add(product.ProductId);
                }
            }
            if (touch)
            {
                List<object> Commands(HashSet<string> keys) => [.. keys.Select(k => (object)new Touch(k, partition))];
                var userCommands = Commands(userKeys);
                await Task.WhenAll(
                    _users.RoundAsync<Touched>(users, userCommands, timeout),
                    _orders.RoundAsync<Touched>(orders, Commands(orderKeys), timeout),
                    _products.RoundAsync<Touched>(products, Commands(productKeys), timeout));
                await _users.RoundAsync<Touched>(users, _release, timeout);
                touches.Add(userKeys.Count + orderKeys.Count + productKeys.Count + _release.Count);
                _release = userCommands;
            }
            consumed.Add(batch.Count);
            return batch.Count;
        }

        public void Dispose()
        {
            _users.Dispose();
            _orders.Dispose();
            _products.Dispose();
        }
    }
}
