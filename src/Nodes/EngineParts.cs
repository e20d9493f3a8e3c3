using Streaming.Analytics.Keyed;
using Streaming.Engine.Processing;

namespace Streaming.Nodes;

/// <summary>
/// What the node's engine is made of, built once from configuration: the registered analytics and, once the actor
/// system has started them, their shard regions.
/// </summary>
public sealed class EngineParts(IReadOnlyList<IAnalytic> analytics)
{
    private readonly TaskCompletionSource<EngineRegions> _regions = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<IAnalytic> Analytics { get; } = analytics;

    public IReadOnlyList<string> InputTopics => [.. Analytics.Select(a => a.InputTopic)];

    public IReadOnlyList<string> OutputTopics => [.. Analytics.SelectMany(a => a.OutputTopics).Distinct(StringComparer.Ordinal)];

    /// <summary>The regions, once started (null before).</summary>
    public EngineRegions? Regions => _regions.Task.IsCompletedSuccessfully ? _regions.Task.Result : null;

    public Task<EngineRegions> RegionsAsync(CancellationToken ct) => _regions.Task.WaitAsync(ct);

    public void Started(EngineRegions regions) => _regions.TrySetResult(regions);

    public void Failed(Exception failure) => _regions.TrySetException(failure);
}
