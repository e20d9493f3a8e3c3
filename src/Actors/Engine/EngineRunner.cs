using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streaming.Streams.Broker;
using Streaming.Actors.Orders;
using Streaming.Actors.Products;
using Streaming.Actors.Sessions;
using Streaming.Streams.Contracts;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>Runs the engine on a node until stopped — one consumer over all three input topics — and owns the result producer.</summary>
public sealed class EngineRunner : IAsyncDisposable
{
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly UniqueKillSwitch _killSwitch;
    private readonly Task _completion;
    private readonly ActorSystem _system;
    private readonly EngineOptions _engine;
    private readonly ILogger _log;
    private IKafkaControl? _consumer;

    public EngineRunner(ActorSystem system, string bootstrapServers, IReadOnlyDictionary<string, string> clientProperties,
        EngineRegions regions, EngineOptions engine, AnalyticsOptions analytics, EngineMetrics metrics, TimeProvider clock,
        StreamInspector streams, bool embeddedBroker, ILogger logger)
    {
        _system = system;
        _engine = engine;
        _log = logger;
        var producerSettings = new KafkaProducerSettings(bootstrapServers) { Properties = clientProperties, LingerMs = engine.ProducerLinger.TotalMilliseconds };
        _producer = producerSettings.CreateProducer();
        const string fetchWait = "fetch.wait.max.ms";
        var consumer = new KafkaConsumerSettings(bootstrapServers, engine.GroupId, TopicNames.InputTopics)
        {
            Properties = clientProperties,
            GroupProtocol = string.Equals(engine.GroupProtocol, "classic", StringComparison.OrdinalIgnoreCase) ? GroupProtocol.Classic : GroupProtocol.Consumer,
            MaxBufferedPerPartition = engine.MaxBufferedPerPartition,
        };
        if (!clientProperties.ContainsKey(fetchWait))
            consumer = consumer.WithProperty(fetchWait, ((int)engine.FetchWaitMax.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var producer = _producer;
        var sessions = new SessionComputation(regions.Users, metrics);
        var products = new ProductComputation(regions.Products, new TrendingFeed(regions.Trending, producer, regions.ProductPartitions, analytics.Popularity().TopN, engine), metrics);
        var orders = new OrderComputation(regions.UserAnomalies, regions.Orders, metrics);
        var services = new ProcessorServices(system, producer, regions.Checkpoints, streams, embeddedBroker, engine, analytics, metrics, clock, logger,
            Akka.Cluster.Cluster.Get(system).SelfAddress.ToString());
        IPartitionProcessor ProcessorFor(TopicPartition tp) => tp.Topic switch
        {
            TopicNames.UserEvents => new PartitionProcessor<SessionEvent, UserSession>(sessions, tp, services),
            TopicNames.ProductAnalytics => new PartitionProcessor<ProductActivity, ProductPopularity>(products, tp, services),
            TopicNames.OrderEvents => new PartitionProcessor<OrderActivity, AnomalyAlert>(orders, tp, services),
            _ => throw new PartitionFailureException($"No computation consumes topic {tp.Topic}"),
        };
        (_killSwitch, _completion) = EnginePipeline
            .Create(consumer, engine, ProcessorFor, control => _consumer = control)
            .ViaMaterialized(KillSwitches.Single<KafkaCommitResult>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<KafkaCommitResult>(), Keep.Both)
            .Run(system.Materializer());
    }

    public Task Completion => _completion;

    /// <summary>
    /// A graceful stop: the consumer stops handing out records, every partition finishes its step and checkpoints
    /// (so a restart replays nothing), the committer commits, and the consumer leaves its group — within
    /// <see cref="EngineOptions.DrainTimeout"/>; whatever is not done by then is replayed from the last checkpoint.
    /// </summary>
    public async Task DrainAsync()
    {
        if (_consumer is not { } consumer) return;
        var deadline = Task.Delay(_engine.DrainTimeout);
        await Task.WhenAny(consumer.Stop(), deadline);
        if (await Task.WhenAny(_completion, deadline) != _completion)
            _log.LogWarning("Draining took longer than {Timeout}; partitions not drained resume from their last checkpoint", _engine.DrainTimeout);
        await Task.WhenAny(consumer.Shutdown(), deadline);
    }

    public async ValueTask DisposeAsync()
    {
        _killSwitch.Shutdown();
        // The host may be terminating the actor system at the same time; then the graph never
        // reports completion, and what it did not checkpoint is replayed by the next owner anyway.
        await Task.WhenAny(_completion, _system.WhenTerminated, Task.Delay(TimeSpan.FromSeconds(5)));
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
