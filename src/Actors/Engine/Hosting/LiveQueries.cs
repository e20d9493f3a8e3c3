using Akka.Actor;
using Streaming.Analytics.Keyed;
using Streaming.Engine.Entities;
using Streaming.Engine.Processing;
using Streaming.Queries;
using Streaming.Streams.Broker;
using Streaming.Streams.Kafka;

namespace Streaming.Engine.Hosting;

/// <summary>
/// The live views the registered analytics declare, asked of the key's entity: its partition (and so its shard) is
/// computed like the producer picks it, from the input topic's partition count.
/// </summary>
public sealed class LiveQueries : ILiveQueries
{
    private readonly Dictionary<LiveQuery, (string Kind, string Topic)> _targets = [];
    private readonly Func<EngineRegions?> _regions;
    private readonly TopicAdmin _topics;
    private readonly TimeSpan _timeout;

    public LiveQueries(IReadOnlyList<IAnalytic> analytics, Func<EngineRegions?> regions, TopicAdmin topics, TimeSpan timeout)
    {
        _regions = regions;
        _topics = topics;
        _timeout = timeout;
        foreach (var analytic in analytics)
            foreach (var (query, kind) in analytic.Accept(new QueryList()))
                _targets[query] = (kind, analytic.InputTopic);
        Queries = [.. _targets.Keys];
    }

    public IReadOnlyList<LiveQuery> Queries { get; }

    public async Task<LiveAnswer> AskAsync(LiveQuery query, string key, CancellationToken ct = default)
    {
        if (!_targets.TryGetValue(query, out var target)) return LiveAnswer.NotFound;
        if (_regions() is not { } regions || !regions.Entities.TryGetValue(target.Kind, out var region))
            return LiveAnswer.Unavailable("This node's engine has not started yet; retry.");
        var partitions = _topics.PartitionCount(target.Topic, TimeSpan.FromSeconds(5));
        if (partitions == 0) return LiveAnswer.Unavailable($"Topic {target.Topic} does not exist yet.");
        var partition = KeyPartitioner.Partition(System.Text.Encoding.UTF8.GetBytes(key), partitions);
        try
        {
            var answer = await region.Ask<EntityQueried>(new QueryEntity(key, partition, PartitionIds.Of(target.Topic, partition), query.Name), _timeout, ct);
            return answer.Json is { } json ? LiveAnswer.Found(json) : LiveAnswer.NotFound;
        }
        catch (AskTimeoutException)
        {
            return LiveAnswer.Unavailable("The key's entity did not answer in time; retry.");
        }
    }

    private sealed class QueryList : IAnalyticVisitor<IReadOnlyList<(LiveQuery Query, string Kind)>>
    {
        public IReadOnlyList<(LiveQuery Query, string Kind)> Visit<TInput, TOutput>(Analytic<TInput, TOutput> analytic) where TInput : notnull =>
            [.. analytic.Functions.SelectMany(f => f.Accept(new FunctionQueries<TInput, TOutput>()).Select(q => (q, f.Kind)))];
    }

    private sealed class FunctionQueries<TInput, TOutput> : IKeyedFunctionVisitor<TInput, TOutput, IEnumerable<LiveQuery>>
    {
        public IEnumerable<LiveQuery> Visit<TState>(KeyedFunction<TInput, TState, TOutput> keyed) where TState : class =>
            keyed.Queries.Select(q => new LiveQuery(q.Noun, q.Name, q.Summary));
    }
}
