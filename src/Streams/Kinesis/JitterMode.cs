namespace Streaming.Streams.Kinesis;

/// <summary>How a retry delay is randomized around its exponential ceiling.</summary>
public enum JitterMode
{
    /// <summary>Uniform between zero and the ceiling ("full jitter"): retries of many clients spread out
    /// instead of hitting a throttled shard together.</summary>
    Full,

    /// <summary>Uniform between half the ceiling and the ceiling.</summary>
    Equal,

    /// <summary>Exactly the ceiling (deterministic; for tests and diagnosis).</summary>
    None,
}
