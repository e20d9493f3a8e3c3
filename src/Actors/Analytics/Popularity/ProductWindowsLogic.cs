using Streaming.Analytics.Keyed;
using System.Collections.Immutable;
using System.Globalization;
using Streaming.Streams.EventTime;

namespace Streaming.Analytics.Popularity;

/// <summary>
/// Product popularity over sliding (hop) windows (SPEC §3.2) as pure functions, one product at a time.
/// </summary>
/// <remarks>
/// <para>Windows are <c>[k·S, k·S + W)</c> aligned to the Unix epoch; an event at t (truncated to milliseconds)
/// lies in pane <c>p = ⌊t / S⌋</c> and counts in windows <c>k = p − W/S + 1 … p</c>. Aggregates are kept per pane
/// and summed per window at close time (Flink's pane optimization).</para>
/// <para>An activity is late, and counted nowhere, when the end of the last window containing it,
/// <c>p·S + W</c>, is at or before the watermark at its arrival. Otherwise it counts in every window containing it
/// that is still open, i.e. ends after that watermark (Flink's window operator does the same: windows already
/// closed are skipped).</para>
/// <para>A window closes when the watermark reaches its end (<see cref="Close"/>); each window with at least one
/// event then gives one record, once. <see cref="Apply"/> first closes every window due at its watermark, so the
/// results do not depend on whether the caller closed before applying.</para>
/// <para>Everything emitted is a deterministic function of the counted activities, W and S.</para>
/// </remarks>
public static class ProductWindowsLogic
{
    /// <summary>Score weight of a view.</summary>
    public const long ViewWeight = 1;

    /// <summary>Score weight of an add-to-cart.</summary>
    public const long AddToCartWeight = 3;

    /// <summary>Score weight of a purchased unit.</summary>
    public const long PurchaseWeight = 5;

    /// <summary>
    /// Closes the windows due at <paramref name="watermark"/> (returned in the step's outputs),
    /// then counts <paramref name="activity"/> unless it is late.
    /// </summary>
    /// <exception cref="ArgumentException">The activity is for another product or has a negative quantity.</exception>
    public static KeyedStep<ProductWindowsState, ProductPopularity> Apply(ProductWindowsState state, ProductActivity activity, DateTimeOffset watermark, PopularityOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(activity.ProductId, state.ProductId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Activity {activity.EventId} is for product '{activity.ProductId}', not '{state.ProductId}'.", nameof(activity));
        }

        if (activity.Quantity < 0)
        {
            throw new ArgumentException($"Activity {activity.EventId} has a negative quantity.", nameof(activity));
        }

        var closed = Close(state, watermark, options);
        state = closed.State;
        var t = TimeArithmetic.TruncateToMilliseconds(activity.Time);
        var paneStart = FloorTo(EpochMs(t), options.SlideMs);
        var lastEnd = paneStart + options.WindowMs;
        if (lastEnd <= EpochMs(watermark))
        {
            return new KeyedStep<ProductWindowsState, ProductPopularity>(state, closed.Outputs, Invariant(
                $"sliding windows closed: the last window containing event time {Iso(t)} ends at {IsoMs(lastEnd)}, at or before the watermark {Iso(watermark)}"));
        }

        var pane = state.Panes.GetValueOrDefault(paneStart) ?? ProductPane.Empty;
        var next = new ProductWindowsState(state.ProductId, state.Panes.SetItem(paneStart, pane.Add(activity, t)), state.ClosedThrough);
        return new KeyedStep<ProductWindowsState, ProductPopularity>(next, closed.Outputs);
    }

    /// <summary>
    /// Emits every window that ends at or before <paramref name="watermark"/> and was not done yet and has events,
    /// in window order; drops panes no open window needs.
    /// </summary>
    public static KeyedStep<ProductWindowsState, ProductPopularity> Close(ProductWindowsState state, DateTimeOffset watermark, PopularityOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        var wm = TimeArithmetic.TruncateToMilliseconds(watermark);
        if (wm <= state.ClosedThrough)
        {
            return new KeyedStep<ProductWindowsState, ProductPopularity>(state, []);
        }

        var closed = ImmutableArray.CreateBuilder<ProductPopularity>();
        if (!state.Panes.IsEmpty)
        {
            var kLo = FirstOpenWindowStart(state.ClosedThrough, options);
            var kHi = FloorTo(EpochMs(wm) - options.WindowMs, options.SlideMs); // last window start with end ≤ wm
            var from = Math.Max(kLo, state.FirstPaneStart - options.WindowMs + options.SlideMs);
            var to = Math.Min(kHi, state.LastPaneStart);
            for (var start = from; start <= to; start += options.SlideMs)
            {
                if (Window(state, start, options) is { } record)
                {
                    closed.Add(record);
                }
            }
        }

        // Panes no open window needs are the oldest ones; most watermark advances drop none.
        var cutoff = EpochMs(wm) - options.WindowMs;
        var keep = state.Panes;
        if (!keep.IsEmpty && state.FirstPaneStart <= cutoff)
        {
            keep = keep.RemoveRange(keep.Keys.TakeWhile(k => k <= cutoff).ToList());
        }

        return new KeyedStep<ProductWindowsState, ProductPopularity>(new ProductWindowsState(state.ProductId, keep, wm), closed.ToImmutable());
    }

    /// <summary>
    /// The end of the earliest open window that has events: the watermark at which <see cref="Close"/> emits next
    /// (the event-time timer to register), or null when no pane is kept.
    /// </summary>
    public static DateTimeOffset? NextCloseTime(ProductWindowsState state, PopularityOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        if (state.Panes.IsEmpty)
        {
            return null;
        }

        var start = Math.Max(FirstOpenWindowStart(state.ClosedThrough, options), state.FirstPaneStart - options.WindowMs + options.SlideMs);
        return FromEpochMs(start + options.WindowMs);
    }

    /// <summary>The open windows that have events, as they would be emitted now (for live queries), in window order.</summary>
    public static ImmutableArray<ProductPopularity> Preview(ProductWindowsState state, PopularityOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        if (state.Panes.IsEmpty)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<ProductPopularity>();
        var from = Math.Max(FirstOpenWindowStart(state.ClosedThrough, options), state.FirstPaneStart - options.WindowMs + options.SlideMs);
        for (var start = from; start <= state.LastPaneStart; start += options.SlideMs)
        {
            if (Window(state, start, options) is { } record)
            {
                result.Add(record);
            }
        }

        return result.ToImmutable();
    }

    /// <summary>The output record of the window starting at <paramref name="startMs"/>, or null when it has no events.</summary>
    private static ProductPopularity? Window(ProductWindowsState state, long startMs, PopularityOptions options)
    {
        var endMs = startMs + options.WindowMs;
        long views = 0, carts = 0, purchases = 0;
        var revenue = 0m;
        LatestValue? category = null, brand = null;
        ImmutableHashSet<string>? onlyUsers = null;
        HashSet<string>? users = null;
        var any = false;
        foreach (var (paneStart, pane) in state.Panes)
        {
            if (paneStart < startMs)
            {
                continue;
            }

            if (paneStart >= endMs)
            {
                break;
            }

            any = true;
            views = checked(views + pane.Views);
            carts = checked(carts + pane.AddToCart);
            purchases = checked(purchases + pane.Purchases);
            revenue += pane.Revenue;
            category = LatestValue.Later(category, pane.Category);
            brand = LatestValue.Later(brand, pane.Brand);
            if (pane.Users.IsEmpty)
            {
                continue;
            }

            // One pane with users needs no union; more are unioned without boxing their enumerators.
            if (onlyUsers is null && users is null)
            {
                onlyUsers = pane.Users;
                continue;
            }

            if (users is null)
            {
                users = new HashSet<string>(onlyUsers!.Count + pane.Users.Count, StringComparer.Ordinal);
                foreach (var user in onlyUsers)
                {
                    users.Add(user);
                }
            }

            foreach (var user in pane.Users)
            {
                users.Add(user);
            }
        }

        var uniqueUsers = users?.Count ?? onlyUsers?.Count ?? 0;
        return any ? Record(state.ProductId, FromEpochMs(startMs), FromEpochMs(endMs), views, carts, purchases, uniqueUsers, revenue, category?.Value, brand?.Value) : null;
    }

    /// <summary>The output record from a window's sums: computes the rates (see <see cref="DecimalText.Rate"/>) and the score.</summary>
    public static ProductPopularity Record(
        string productId,
        DateTimeOffset windowStart,
        DateTimeOffset windowEnd,
        long views,
        long addToCart,
        long purchases,
        long uniqueUsers,
        decimal revenue,
        string? category,
        string? brand) =>
        new(
            productId,
            windowStart,
            windowEnd,
            views,
            addToCart,
            purchases,
            uniqueUsers,
            DecimalText.Canonical(revenue),
            DecimalText.Rate(purchases, views),
            DecimalText.Rate(addToCart, views),
            checked((ViewWeight * views) + (AddToCartWeight * addToCart) + (PurchaseWeight * purchases)),
            category,
            brand);

    private static long FirstOpenWindowStart(DateTimeOffset closedThrough, PopularityOptions options) =>
        closedThrough == DateTimeOffset.MinValue
            ? long.MinValue / 2
            : FloorTo(EpochMs(closedThrough) - options.WindowMs, options.SlideMs) + options.SlideMs;

    private static long EpochMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromEpochMs(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, DateTimeOffset.MinValue.ToUnixTimeMilliseconds(), DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));

    private static long FloorTo(long value, long step)
    {
        var q = value / step;
        if (value % step != 0 && value < 0)
        {
            q--;
        }

        return q * step;
    }

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

    private static string IsoMs(long ms) => Iso(FromEpochMs(ms));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
