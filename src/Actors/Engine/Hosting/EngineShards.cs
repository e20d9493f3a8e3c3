using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Sharding.External;
using Streaming.Analytics.Keyed;
using Streaming.Engine.Combining;
using Streaming.Engine.Entities;
using Streaming.Engine.Processing;
using Streaming.Engine.State;

namespace Streaming.Engine.Hosting;

/// <summary>
/// Starts the shard regions of the registered analytics: one per keyed-state kind (sharded by input partition), one
/// per combiner. On a node without the processor role they start as proxies (queries from a gateway node reach the
/// entities on the processors).
/// </summary>
public static class EngineShards
{
    public const string ProcessorRole = "processor";

    public static async Task<EngineRegions> StartAsync(ActorSystem system, IReadOnlyList<IAnalytic> analytics, StateBackend backend, EngineOptions options,
        TimeProvider clock, bool hosts)
    {
        var sharding = ClusterSharding.Get(system);
        var settings = Settings(system, options);
        var extractor = new PartitionShardExtractor();
        var entities = new Dictionary<string, IActorRef>(StringComparer.Ordinal);
        var combiners = new Dictionary<string, IActorRef>(StringComparer.Ordinal);
        foreach (var analytic in analytics)
        {
            foreach (var (kind, props) in analytic.Accept(new EntityPropsFactory(backend, clock)))
            {
                // Shards go where the partition's consumer is (ShardPlacement records it); on hand-off entities stop at once
                // (their state is in the backend, and a processor replays what they had not checkpointed).
                entities[kind] = hosts
                    ? await sharding.StartAsync(kind, props, settings, extractor, new ReachableShardAllocation(system, new ExternalShardAllocationStrategy(system, kind)), PoisonPill.Instance)
                    : await sharding.StartProxyAsync(kind, ProcessorRole, extractor);
            }
            if (analytic.Accept(new CombinerPropsFactory(options.SnapshotEvery)) is { } combiner)
            {
                var (name, props) = combiner;
                var byName = new CombinerExtractor();
                combiners[name] = hosts
                    ? await sharding.StartAsync(CombinerTypeName(name), _ => props, settings, byName)
                    : await sharding.StartProxyAsync(CombinerTypeName(name), ProcessorRole, byName);
            }
        }
        return new EngineRegions(entities, combiners);
    }

    /// <summary>The shard region type name of a combiner (entity kinds are their own type names).</summary>
    public static string CombinerTypeName(string combiner) => "combiner-" + combiner;

    /// <summary>The sharding settings of every engine region: on processors, entities not remembered (state is in the backend), idle ones passivated.</summary>
    public static ClusterShardingSettings Settings(ActorSystem system, EngineOptions options)
    {
        var settings = ClusterShardingSettings.Create(system);
        return settings.WithRole(ProcessorRole).WithRememberEntities(false)
            .WithPassivateIdleAfter(options.PassivateAfter).WithStateStoreMode(StateStoreMode.DData)
            .WithTuningParameters(WithRebalanceInterval(settings.TuningParameters, options.RebalanceInterval));
    }

    /// <summary>The tuning parameters with another rebalance interval (Akka's type has no <c>With</c> for it).</summary>
    private static TuningParameters WithRebalanceInterval(TuningParameters t, TimeSpan interval) =>
        new(t.CoordinatorFailureBackoff, t.RetryInterval, t.BufferSize, t.HandOffTimeout, t.ShardStartTimeout, t.ShardFailureBackoff,
            t.EntityRestartBackoff, interval, t.SnapshotAfter, t.KeepNrOfBatches, t.LeastShardAllocationRebalanceThreshold,
            t.LeastShardAllocationMaxSimultaneousRebalance, t.WaitingForStateTimeout, t.UpdatingStateTimeout, t.EntityRecoveryStrategy,
            t.EntityRecoveryConstantRateStrategyFrequency, t.EntityRecoveryConstantRateStrategyNumberOfEntities, t.CoordinatorStateWriteMajorityPlus,
            t.CoordinatorStateReadMajorityPlus, t.LeastShardAllocationAbsoluteLimit, t.LeastShardAllocationRelativeLimit);

    /// <summary>Every keyed function's entity props, by kind.</summary>
    private sealed class EntityPropsFactory(StateBackend backend, TimeProvider clock) : IAnalyticVisitor<IReadOnlyList<(string Kind, Func<string, Props> Props)>>
    {
        public IReadOnlyList<(string Kind, Func<string, Props> Props)> Visit<TInput, TOutput>(Analytic<TInput, TOutput> analytic) where TInput : notnull =>
            [.. analytic.Functions.Select(f => (f.Kind, f.Accept(new FunctionProps<TInput, TOutput>(analytic.TimeOf, backend, clock))))];
    }

    private sealed class FunctionProps<TInput, TOutput>(Func<TInput, DateTimeOffset> timeOf, StateBackend backend, TimeProvider clock)
        : IKeyedFunctionVisitor<TInput, TOutput, Func<string, Props>>
    {
        public Func<string, Props> Visit<TState>(KeyedFunction<TInput, TState, TOutput> keyed) where TState : class =>
            key => KeyedEntityProps.Of(keyed, timeOf, key, backend, clock);
    }

    private sealed class CombinerPropsFactory(int snapshotEvery) : IAnalyticVisitor<(string Name, Props Props)?>
    {
        public (string Name, Props Props)? Visit<TInput, TOutput>(Analytic<TInput, TOutput> analytic) where TInput : notnull =>
            analytic.Combiner is { } combiner ? (combiner.Name, combiner.Accept(new CombinerProps<TOutput>(snapshotEvery))) : null;
    }

    /// <summary>A combiner is one entity: named by the combiner, in a shard of its own.</summary>
    private sealed class CombinerExtractor : IMessageExtractor
    {
        public string? EntityId(object message) => (message as CombinerContribution)?.Combiner;

        public object? EntityMessage(object message) => message;

        public string? ShardId(object message) => (message as CombinerContribution)?.Combiner;

        public string ShardId(string entityId, object? messageHint = null) => entityId;
    }
}
