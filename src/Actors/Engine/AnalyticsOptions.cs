namespace Streaming.Actors.Engine;

/// <summary>Settings of section <c>Streaming:Analytics</c>: the windows and bounds of SPEC §3.</summary>
public sealed record AnalyticsOptions
{
    public const string Section = "Streaming:Analytics";

    /// <summary>Out-of-orderness bound B of every partition watermark.</summary>
    public TimeSpan OutOfOrderness { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Wall-clock quiet time after which a partition's watermark follows the wall clock.</summary>
    public TimeSpan IdleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Session gap G (SPEC §3.1).</summary>
    public TimeSpan SessionGap { get; init; } = TimeSpan.FromMinutes(5);
}
