namespace Streaming.Example.PageCounts;

/// <summary>The clicks of one page in one tumbling window, emitted when the watermark passes the window's end.</summary>
public sealed record PageCount(string Page, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, int Clicks);
