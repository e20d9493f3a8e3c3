namespace Streaming.Queries;

/// <summary>The live views of keyed state the registered analytics declare, and how to ask one.</summary>
public interface ILiveQueries
{
    IReadOnlyList<LiveQuery> Queries { get; }

    Task<LiveAnswer> AskAsync(LiveQuery query, string key, CancellationToken ct = default);
}
