using System.Collections.Immutable;

namespace Streaming.Crosscheck.Engine;

/// <summary>
/// SPEC §3 computed a second way: the input topics as one batch, the analytics as DuckDB SQL (Engine/Sql). Lateness
/// is judged as a streaming engine does (per Kafka partition, in offset order, against that partition's watermark at
/// the record's arrival); at the end of the batch every window, session and deadline is closed. It shares no code
/// with the actor engine, so that the two can check each other.
/// </summary>
public static class DuckDbEngine
{
    /// <summary>Runs the analytics over <paramref name="input"/>.</summary>
    /// <param name="input">The input records.</param>
    /// <param name="options">Windows and thresholds; null for SPEC's defaults.</param>
    /// <param name="progress">Told about each stage.</param>
    /// <param name="clock">The wall clock written into <c>detected_at</c>.</param>
    /// <param name="cancellationToken">Checked between stages.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static Task<EngineResults> RunAsync(
        EngineInput input,
        DuckDbEngineOptions? options = null,
        IProgress<CrosscheckProgress>? progress = null,
        TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new DuckDbEngineOptions();
        options.Validate();
        var detectedAt = (clock ?? TimeProvider.System).GetUtcNow();
        // DuckDB's API is synchronous: keep it off the caller's thread.
        return Task.Run(() => Run(input, options, progress, detectedAt, cancellationToken), cancellationToken);
    }

    private static EngineResults Run(EngineInput input, DuckDbEngineOptions options, IProgress<CrosscheckProgress>? progress, DateTimeOffset detectedAt, CancellationToken ct)
    {
        using var db = EngineSession.Open(options);
        var loaded = input.UserEvents.Count + input.ProductAnalytics.Count + input.OrderEvents.Count;
        var rejected = InputLoader.Load(db.Connection, input);
        progress?.Report(new CrosscheckProgress("duckdb", "loaded input records", loaded));
        ct.ThrowIfCancellationRequested();

        var (sessions, lateUsers) = SessionQueries.Run(db, options, input.Topics.UserEvents);
        progress?.Report(new CrosscheckProgress("duckdb", "sessions", sessions.Count));
        ct.ThrowIfCancellationRequested();

        var (popularity, trending, lateProducts) = PopularityQueries.Run(db, options.TrendingTopN, input.Topics.ProductAnalytics);
        progress?.Report(new CrosscheckProgress("duckdb", "popularity windows", popularity.Count));
        progress?.Report(new CrosscheckProgress("duckdb", "trending windows", trending.Count));
        ct.ThrowIfCancellationRequested();

        var (alerts, lateOrders) = AlertQueries.Run(db, options, detectedAt, input.Topics.OrderEvents);
        progress?.Report(new CrosscheckProgress("duckdb", "alerts", alerts.Count));

        return new EngineResults([.. sessions], [.. popularity], [.. trending], [.. alerts], [.. lateUsers, .. lateProducts, .. lateOrders], [.. rejected]);
    }
}
