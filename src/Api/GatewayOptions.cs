namespace Streaming.Api;

/// <summary>Settings of section <c>Streaming:Gateway</c> (environment: <c>Streaming__Gateway__…</c>).</summary>
public sealed record GatewayOptions
{
    public const string Section = "Streaming:Gateway";

    /// <summary>Addresses the gateway listens on.</summary>
    public string Urls { get; init; } = "http://0.0.0.0:8888";

    /// <summary>Largest accepted request body; larger bodies get 413.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Most events in one batch request; more get 413.</summary>
    public int MaxBatchEvents { get; init; } = 1000;

    /// <summary>
    /// Hashes of the accepted API keys, each <c>sha256:</c> and the 64 lowercase hex digits of SHA-256 over the key's
    /// UTF-8 bytes (<c>streaming-ctl apikey new</c> makes a key and its hash). When any is set, admin and write endpoints
    /// other than event ingest require a key in the X-API-Key header whose hash is one of them; empty leaves them open
    /// (development). Only hashes are configured, so a leaked configuration does not leak a key.
    /// </summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>Seconds a client is told to wait (Retry-After) when Kafka cannot take a record.</summary>
    public int RetryAfterSeconds { get; init; } = 2;

    /// <summary>The most log bytes of not yet checkpointed records the embedded broker's partitions are allowed to hold (it keeps ~5 MiB).</summary>
    public const long EmbeddedBacklogBytes = 4L * 1024 * 1024;

    /// <summary>
    /// Ingest answers 503 (with Retry-After) while the processors' backlog on the record's partition would exceed
    /// this many log bytes. -1 (default): 4 MiB on the embedded broker, which keeps only ~5 MiB per partition and
    /// drops older records silently, and no limit on a real cluster; 0: no limit.
    /// </summary>
    public long BacklogLimitBytes { get; init; } = -1;

    /// <summary>How often the gateway reads the processors' committed offsets and the partitions' ends for the backlog limit.</summary>
    public TimeSpan BacklogRefresh { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the gateway reads the processors' consumer-group lag for /metrics; zero turns the reading off.</summary>
    public TimeSpan LagRefresh { get; init; } = TimeSpan.FromSeconds(15);
}
