using System.Collections.Immutable;
using System.Globalization;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Engine;

/// <summary>Runs the popularity and trending SQL (SPEC §3.2) and builds the records.</summary>
internal static class PopularityQueries
{
    public static (List<PopularityRecord> Popularity, List<TrendingRecord> Trending, List<LateEvent> Late) Run(EngineSession db, int topN, string topic)
    {
        db.Execute("popularity.sql");
        var popularity = db.Query("popularity-records.sql", r => new PopularityRecord(
            DbValues.String(r, "product_id"),
            ResultTime.FromMilliseconds(DbValues.Long(r, "window_start")),
            ResultTime.FromMilliseconds(DbValues.Long(r, "window_end")),
            DbValues.Long(r, "views"),
            DbValues.Long(r, "add_to_cart"),
            DbValues.Long(r, "purchases"),
            DbValues.Long(r, "unique_users"),
            InputLimits.Canonical(DbValues.Decimal(r, "revenue")),
            Micros(DbValues.Long(r, "conversion_micros")),
            Micros(DbValues.Long(r, "cart_micros")),
            DbValues.Long(r, "popularity_score"),
            DbValues.NullableString(r, "category"),
            DbValues.NullableString(r, "brand")));

        var entries = db.Query("trending.sql", r => (
            Start: DbValues.Long(r, "window_start"),
            End: DbValues.Long(r, "window_end"),
            Count: DbValues.Long(r, "product_count"),
            OverallRank: DbValues.Long(r, "overall_rank"),
            CategoryRank: DbValues.Long(r, "category_rank"),
            Entry: new TrendingEntry(
                0,
                DbValues.String(r, "product_id"),
                DbValues.Long(r, "popularity_score"),
                DbValues.Long(r, "views"),
                DbValues.Long(r, "add_to_cart"),
                DbValues.Long(r, "purchases"),
                DbValues.Long(r, "unique_users"),
                InputLimits.Canonical(DbValues.Decimal(r, "revenue")),
                DbValues.NullableString(r, "category"),
                DbValues.NullableString(r, "brand"))));
        var trending = entries
            .GroupBy(e => (e.Start, e.End, e.Count))
            .Select(w =>
            {
                var top = w.Where(e => e.OverallRank <= topN).OrderBy(e => e.OverallRank).Select(e => e.Entry with { Rank = e.OverallRank });
                var byCategory = w.Where(e => e.Entry.Category is not null && e.CategoryRank <= topN)
                    .GroupBy(e => e.Entry.Category!, StringComparer.Ordinal)
                    .ToImmutableSortedDictionary(
                        g => g.Key,
                        g => g.OrderBy(e => e.CategoryRank).Select(e => e.Entry with { Rank = e.CategoryRank }).ToImmutableArray(),
                        StringComparer.Ordinal);
                return new TrendingRecord(ResultTime.FromMilliseconds(w.Key.Start), ResultTime.FromMilliseconds(w.Key.End), w.Key.Count, [.. top], byCategory);
            })
            .OrderBy(t => t.WindowEnd)
            .ToList();

        var late = db.Query("popularity-late.sql", r =>
        {
            var t = DbValues.Long(r, "t");
            var wm = DbValues.Long(r, "wm");
            var reason = Invariant($"sliding windows closed: the last window containing event time {Iso(t)} ends at {Iso(DbValues.Long(r, "last_window_end"))}, at or before the watermark {Iso(wm)}");
            return new LateEvent(topic, r.GetInt32(r.GetOrdinal("part")), DbValues.Long(r, "off"), DbValues.String(r, "event_id"),
                ResultTime.FromMilliseconds(t), ResultTime.FromMilliseconds(wm), reason);
        });
        return (popularity, trending, late);
    }

    private static decimal Micros(long micros) => InputLimits.Canonical(micros / 1_000_000m);

    private static string Iso(long ms) => ResultTime.Format(ResultTime.FromMilliseconds(ms));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
