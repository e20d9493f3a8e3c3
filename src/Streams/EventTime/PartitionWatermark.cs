namespace Streaming.Streams.EventTime;

/// <summary>
/// The event-time watermark of one Kafka partition (SPEC §3), as an immutable value.
/// </summary>
/// <remarks>
/// <para>The watermark is the largest event time seen on the partition minus the out-of-orderness
/// bound <c>B</c>. When the partition has received nothing for <see cref="WatermarkOptions.IdleAfter"/>
/// of wall-clock time, the watermark moves forward with the wall clock from then on:
/// <c>Current(now) = Value + max(0, now − LastArrival − IdleAfter)</c>.</para>
/// <para>It never goes back: an event arriving after an idle advance keeps the advanced value
/// (<c>max(advanced, eventTime − B)</c>), and the wall clock going backwards changes nothing.</para>
/// <para>No events yet: the partition has no watermark (<see cref="DateTimeOffset.MinValue"/>), whatever the wall
/// clock does, so its first event is never late — however long the partition waited for it, and however old the
/// event is (a backfill). The idle advance applies only to a partition that has seen events. Where results combine
/// partitions, an empty or idle partition is left out of the minimum instead (<see cref="IsActive"/>).</para>
/// <para>Lateness is judged against the watermark at an event's arrival, i.e. <see cref="Current"/> of the
/// state before <see cref="Observe"/> is applied.</para>
/// <para>All returned instants are UTC (offset zero); arithmetic saturates at MinValue/MaxValue.</para>
/// </remarks>
public sealed record PartitionWatermark
{
    private PartitionWatermark(WatermarkOptions options, DateTimeOffset? maxEventTime, DateTimeOffset lastArrival, DateTimeOffset value)
    {
        Options = options;
        MaxEventTime = maxEventTime;
        LastArrival = lastArrival;
        Value = value;
    }

    /// <summary>The options in force.</summary>
    public WatermarkOptions Options { get; }

    /// <summary>The largest event time observed, or null when nothing has been observed.</summary>
    public DateTimeOffset? MaxEventTime { get; }

    /// <summary>Wall-clock time of the last observed event (or of the start, or of the last idle fold).</summary>
    public DateTimeOffset LastArrival { get; }

    /// <summary>
    /// The watermark as of <see cref="LastArrival"/>, before any idle advance after it;
    /// <see cref="DateTimeOffset.MinValue"/> when nothing is known yet.
    /// </summary>
    public DateTimeOffset Value { get; }

    /// <summary>True once an event has been observed.</summary>
    public bool HasEvents => MaxEventTime.HasValue;

    /// <summary>The wall-clock instant from which the watermark starts following the wall clock (unless an event arrives first).</summary>
    public DateTimeOffset IdleAt => TimeArithmetic.SaturatingAdd(LastArrival, Options.IdleAfter);

    /// <summary>A partition that has seen nothing yet, started at wall-clock <paramref name="wallNow"/>.</summary>
    public static PartitionWatermark Start(DateTimeOffset wallNow, WatermarkOptions? options = null) =>
        new(options ?? WatermarkOptions.Default, null, wallNow.ToUniversalTime(), DateTimeOffset.MinValue);

    /// <summary>
    /// Restores a checkpointed watermark. With <paramref name="restartedAt"/> the idle clock starts afresh at
    /// that wall-clock instant (recommended after a process restart, so that downtime does not count as idleness
    /// and replayed records are not judged late); without it the snapshot's arrival time is kept.
    /// </summary>
    public static PartitionWatermark Restore(PartitionWatermarkSnapshot snapshot, WatermarkOptions? options = null, DateTimeOffset? restartedAt = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var lastArrival = (restartedAt ?? snapshot.LastArrival).ToUniversalTime();
        var value = snapshot.Watermark.ToUniversalTime();
        if (snapshot.MaxEventTime is { } max)
        {
            // Keep the invariant Value ≥ MaxEventTime − B even for a hand-made snapshot.
            value = TimeArithmetic.Max(value, TimeArithmetic.SaturatingSubtract(max, (options ?? WatermarkOptions.Default).OutOfOrderness));
        }

        return new(options ?? WatermarkOptions.Default, snapshot.MaxEventTime?.ToUniversalTime(), lastArrival, value);
    }

    /// <summary>The plain fields, for checkpointing. Call <see cref="AdvanceTo"/> first to capture an idle advance.</summary>
    public PartitionWatermarkSnapshot ToSnapshot() => new(MaxEventTime, Value, LastArrival);

    /// <summary>True when nothing has arrived for at least <see cref="WatermarkOptions.IdleAfter"/> at <paramref name="wallNow"/>.</summary>
    public bool IsIdle(DateTimeOffset wallNow) => wallNow >= IdleAt;

    /// <summary>True when the partition has seen events and is not idle: it holds back a watermark combined over partitions.</summary>
    public bool IsActive(DateTimeOffset wallNow) => HasEvents && !IsIdle(wallNow);

    /// <summary>The watermark at wall-clock <paramref name="wallNow"/>; non-decreasing in <paramref name="wallNow"/>.</summary>
    public DateTimeOffset Current(DateTimeOffset wallNow)
    {
        if (!HasEvents || !IsIdle(wallNow))
        {
            return Value;
        }

        var advance = (wallNow - LastArrival) - Options.IdleAfter; // no overflow: both terms are ≥ 0 here
        return advance < TimeSpan.Zero
            ? Value // only when IdleAt saturated at MaxValue (idling disabled)
            : TimeArithmetic.Max(Value, TimeArithmetic.SaturatingAdd(Value, advance));
    }

    /// <summary>
    /// An equivalent state whose <see cref="Value"/> equals <see cref="Current"/>(<paramref name="wallNow"/>):
    /// it yields the same <see cref="Current"/> for every instant from <paramref name="wallNow"/> on. Use it
    /// before <see cref="ToSnapshot"/> so the checkpoint carries the idle-advanced watermark.
    /// </summary>
    public PartitionWatermark AdvanceTo(DateTimeOffset wallNow)
    {
        if (!HasEvents || !IsIdle(wallNow))
        {
            return this;
        }

        var current = Current(wallNow);
        var lastArrival = TimeArithmetic.SaturatingSubtract(wallNow, Options.IdleAfter);
        return new(Options, MaxEventTime, TimeArithmetic.Max(LastArrival, lastArrival), current);
    }

    /// <summary>
    /// The state after an event with <paramref name="eventTime"/> arrived at wall-clock <paramref name="wallNow"/>:
    /// the watermark becomes <c>max(Current(wallNow), eventTime − B)</c> and the idle clock restarts.
    /// </summary>
    public PartitionWatermark Observe(DateTimeOffset eventTime, DateTimeOffset wallNow)
    {
        var current = Current(wallNow);
        var max = MaxEventTime is { } m ? TimeArithmetic.Max(m, eventTime) : eventTime.ToUniversalTime();
        var value = TimeArithmetic.Max(current, TimeArithmetic.SaturatingSubtract(eventTime, Options.OutOfOrderness));
        return new(Options, max, TimeArithmetic.Max(LastArrival, wallNow), value);
    }
}
