using System.Collections.Immutable;

namespace Streaming.Example.PageCounts;

/// <summary>One page's open windows: window start (Unix ms) → clicks.</summary>
public sealed record PageCountsState(string Page, ImmutableSortedDictionary<long, int> Windows);
