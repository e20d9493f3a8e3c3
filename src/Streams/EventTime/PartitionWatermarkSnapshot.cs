namespace Streaming.Streams.EventTime;

/// <summary>
/// The checkpointable fields of a <see cref="PartitionWatermark"/>.
/// </summary>
/// <param name="MaxEventTime">Largest event time seen, or null when none.</param>
/// <param name="Watermark">The watermark value (<see cref="PartitionWatermark.Value"/>).</param>
/// <param name="LastArrival">Wall-clock time of the last arrival (start of the idle clock).</param>
public sealed record PartitionWatermarkSnapshot(DateTimeOffset? MaxEventTime, DateTimeOffset Watermark, DateTimeOffset LastArrival);
