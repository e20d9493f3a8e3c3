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

    /// <summary>When set, admin and write endpoints other than event ingest require it in the X-API-Key header.</summary>
    public string ApiKey { get; init; } = "";

    /// <summary>Seconds a client is told to wait (Retry-After) when Kafka cannot take a record.</summary>
    public int RetryAfterSeconds { get; init; } = 2;
}
