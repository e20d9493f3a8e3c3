using Streaming.Streams.EventTime;

namespace Streaming.Engine.Processing;

/// <summary>Settings of every partition's watermark (section <c>Streaming:Analytics</c>): the out-of-orderness bound B and the idle timeout.</summary>
public sealed record EventTimeOptions
{
    /// <summary>Out-of-orderness bound B: a partition's watermark trails its largest event time by this much.</summary>
    public TimeSpan OutOfOrderness { get; init; } = WatermarkOptions.DefaultOutOfOrderness;

    /// <summary>After this much wall-clock quiet a partition that has seen events has its watermark follow the wall clock.</summary>
    public TimeSpan IdleAfter { get; init; } = WatermarkOptions.DefaultIdleAfter;

    public WatermarkOptions Watermark => new(OutOfOrderness, IdleAfter);
}
