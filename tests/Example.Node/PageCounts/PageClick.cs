namespace Streaming.Example.PageCounts;

/// <summary>A click on a page: a record of the <c>page_clicks</c> topic (<c>{"page": "/a", "timestamp": "…"}</c>).</summary>
public sealed record PageClick(string EventId, string Page, DateTimeOffset Time);
