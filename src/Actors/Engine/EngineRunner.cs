using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Streaming.Streams.Contracts;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>Runs the session pipeline on a node until stopped; owns the result producer.</summary>
public sealed class EngineRunner : IAsyncDisposable
{
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly UniqueKillSwitch _killSwitch;
    private readonly Task _completion;
    private readonly ActorSystem _system;

    public EngineRunner(ActorSystem system, string bootstrapServers, IReadOnlyDictionary<string, string> clientProperties,
        IActorRef users, IActorRef checkpoints, EngineOptions engine, AnalyticsOptions analytics, EngineMetrics metrics, TimeProvider clock)
    {
        _system = system;
        var producerSettings = new KafkaProducerSettings(bootstrapServers) { Properties = clientProperties };
        _producer = producerSettings.CreateProducer();
        var consumer = new KafkaConsumerSettings(bootstrapServers, engine.GroupId, [TopicNames.UserEvents])
        {
            Properties = clientProperties,
            GroupProtocol = string.Equals(engine.GroupProtocol, "classic", StringComparison.OrdinalIgnoreCase) ? GroupProtocol.Classic : GroupProtocol.Consumer,
            MaxBufferedPerPartition = engine.MaxBufferedPerPartition,
        };
        var producer = _producer;
        (_killSwitch, _completion) = SessionPipeline
            .Create(consumer, engine, tp => new SessionPartitionProcessor(tp, users, checkpoints, producer, engine, analytics, metrics, clock))
            .ViaMaterialized(KillSwitches.Single<KafkaCommitResult>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<KafkaCommitResult>(), Keep.Both)
            .Run(system.Materializer());
    }

    public Task Completion => _completion;

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
