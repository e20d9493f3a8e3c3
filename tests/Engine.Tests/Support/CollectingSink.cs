using Streaming.Analytics.Keyed;
using Streaming.Engine.Processing;

namespace Streaming.Engine.Tests.Support;

/// <summary>Keeps every published record in order (including republished ones after a crash).</summary>
public sealed class CollectingSink : IResultSink
{
    private readonly Lock _gate = new();
    private readonly List<ResultRecord> _records = [];

    public IReadOnlyList<ResultRecord> Records
    {
        get { lock (_gate) return [.. _records]; }
    }

    public Task PublishAsync(IReadOnlyList<ResultRecord> records)
    {
        lock (_gate) _records.AddRange(records);
        return Task.CompletedTask;
    }
}
