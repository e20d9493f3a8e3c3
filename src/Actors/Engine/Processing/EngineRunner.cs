using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streaming.Analytics.Keyed;
using Streaming.Engine.Combining;
using Streaming.Streams.Kafka;

namespace Streaming.Engine.Processing;

/// <summary>The shard regions of a node's engine: one per keyed-state kind, one per combiner (by name).</summary>
public sealed record EngineRegions(IReadOnlyDictionary<string, IActorRef> Entities, IReadOnlyDictionary<string, IActorRef> Combiners);

/// <summary>
/// Runs the engine on a node until stopped — one consumer over the input topics of every registered analytic, a
/// processor per assigned partition — with the node's result producer.
/// </summary>
public sealed class EngineRunner : IAsyncDisposable
{
    private readonly UniqueKillSwitch _killSwitch;
    private readonly Task _completion;
    private readonly ActorSystem _system;
    private readonly EngineOptions _engine;
    private readonly ILogger _log;
    private IKafkaControl? _consumer;

    /// <param name="partitionCounts">Partitions of each input topic (a combiner waits for every partition's watermark).</param>
    /// <param name="placement">Where this node's partitions' shards go (null: wherever sharding puts them).</param>
    public EngineRunner(ActorSystem system, KafkaConsumerSettings consumer, IReadOnlyList<IAnalytic> analytics, EngineRegions regions,
        IReadOnlyDictionary<string, int> partitionCounts, ProcessorServices services, ShardPlacement? placement = null)
    {
        _system = system;
        _engine = services.Engine;
        _log = services.Logger;
        var byTopic = analytics.ToDictionary(a => a.InputTopic, a => a.Accept(new ProcessorFactory(system, regions, partitionCounts, services, placement)), StringComparer.Ordinal);
        IPartitionProcessor ProcessorFor(TopicPartition tp) =>
            byTopic.TryGetValue(tp.Topic, out var create) ? create(tp.Partition.Value) : throw new PartitionFailureException($"No analytic consumes topic {tp.Topic}");
        (_killSwitch, _completion) = EnginePipeline
            .Create(consumer, _engine, ProcessorFor, control => _consumer = control)
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
    }
}

/// <summary>Makes the processors of one analytic (with its types): a dispatcher over its kinds' regions and, when it combines results, one feed for all its partitions on this node.</summary>
internal sealed class ProcessorFactory(ActorSystem system, EngineRegions regions, IReadOnlyDictionary<string, int> partitionCounts, ProcessorServices services,
    ShardPlacement? placement)
    : IAnalyticVisitor<Func<int, IPartitionProcessor>>
{
    public Func<int, IPartitionProcessor> Visit<TInput, TOutput>(Analytic<TInput, TOutput> analytic) where TInput : notnull
    {
        var kinds = analytic.Functions.ToDictionary(f => f.Kind, f => regions.Entities[f.Kind], StringComparer.Ordinal);
        var feed = analytic.Combiner is { } combiner
            ? combiner.Accept(new CombinerFeedFactory<TOutput>(regions.Combiners[combiner.Name], services.Sink, partitionCounts[analytic.InputTopic], services.Engine.AskTimeout))
            : null;
        return partition =>
        {
            // The consumer was assigned the partition: its shards (one per kind) come to this node.
            placement?.Claim(kinds.Keys, partition);
            return new PartitionProcessor<TInput, TOutput>(analytic, partition,
                new RegionDispatcher(system, kinds, services.Engine.AskTimeout, services.Metrics.CrossNode), feed, services);
        };
    }
}
