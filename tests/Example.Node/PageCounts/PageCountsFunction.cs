using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Streaming.Analytics.Keyed;

namespace Streaming.Example.PageCounts;

/// <summary>Clicks per page in tumbling windows: the state is the page's open windows, the timer the earliest window end.</summary>
public sealed class PageCountsFunction(PageCountsOptions options) : KeyedFunction<PageClick, PageCountsState, PageCount>
{
    private long WindowMs => (long)options.PageCountWindow.TotalMilliseconds;

    public override string Kind => "page-counts";

    public override string KeyOf(PageClick input) => input.Page;

    public override PageCountsState Empty(string key) => new(key, ImmutableSortedDictionary<long, int>.Empty);

    public override KeyedStep<PageCountsState, PageCount> Apply(PageCountsState state, PageClick input, DateTimeOffset watermark, DateTimeOffset now)
    {
        var start = input.Time.ToUnixTimeMilliseconds() / WindowMs * WindowMs;
        if (DateTimeOffset.FromUnixTimeMilliseconds(start + WindowMs) <= watermark)
            return new(state, [], string.Create(CultureInfo.InvariantCulture, $"window closed: it ended at or before the watermark {watermark:O}"));
        return new(state with { Windows = state.Windows.SetItem(start, state.Windows.GetValueOrDefault(start) + 1) }, []);
    }

    public override KeyedStep<PageCountsState, PageCount> Fire(PageCountsState state, DateTimeOffset watermark, DateTimeOffset now)
    {
        var closed = state.Windows.Where(w => DateTimeOffset.FromUnixTimeMilliseconds(w.Key + WindowMs) <= watermark).ToList();
        return new(state with { Windows = state.Windows.RemoveRange(closed.Select(w => w.Key)) }, [.. closed.Select(w => Count(state.Page, w.Key, w.Value))]);
    }

    public override DateTimeOffset? NextTimer(PageCountsState state) =>
        state.Windows.IsEmpty ? null : DateTimeOffset.FromUnixTimeMilliseconds(state.Windows.Keys.First() + WindowMs);

    public override bool IsEmpty(PageCountsState state) => state.Windows.IsEmpty;

    protected override JsonTypeInfo<PageCountsState> StateJson => PageCountsJsonContext.Default.PageCountsState;

    public override IReadOnlyList<KeyedQuery<PageCountsState>> Queries =>
    [
        new("pages", "open-windows", "The page's windows not closed yet, with their clicks so far; 404 when none is open.", (state, _) =>
            state.Windows.IsEmpty
                ? null
                : JsonSerializer.SerializeToUtf8Bytes(state.Windows.Select(w => Count(state.Page, w.Key, w.Value)).ToList(), PageCountsJsonContext.Default.ListPageCount)),
    ];

    private PageCount Count(string page, long start, int clicks) =>
        new(page, DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(start + WindowMs), clicks);
}
