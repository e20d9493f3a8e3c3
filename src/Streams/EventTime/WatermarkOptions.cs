namespace Streaming.Streams.EventTime;

/// <summary>
/// How a partition's event-time watermark is derived (SPEC §3).
/// </summary>
/// <remarks>
/// <para><see cref="OutOfOrderness"/> is the bound <c>B</c>: the watermark trails the largest event time
/// seen on the partition by this much. Default 5 s; must not be negative.</para>
/// <para><see cref="IdleAfter"/> is the wall-clock quiet time after which the watermark starts moving
/// forward with the wall clock. Default 30 s; must be positive. <see cref="TimeSpan.MaxValue"/> disables
/// idle advancement.</para>
/// </remarks>
public sealed record WatermarkOptions
{
    /// <summary>Default out-of-orderness bound <c>B</c> (5 s).</summary>
    public static readonly TimeSpan DefaultOutOfOrderness = TimeSpan.FromSeconds(5);

    /// <summary>Default idle timeout (30 s).</summary>
    public static readonly TimeSpan DefaultIdleAfter = TimeSpan.FromSeconds(30);

    /// <summary>The defaults: B = 5 s, idle after 30 s.</summary>
    public static WatermarkOptions Default { get; } = new();

    private readonly TimeSpan _outOfOrderness = DefaultOutOfOrderness;
    private readonly TimeSpan _idleAfter = DefaultIdleAfter;

    /// <summary>Creates options with the defaults.</summary>
    public WatermarkOptions()
    {
    }

    /// <summary>Creates options; a null argument takes its default.</summary>
    public WatermarkOptions(TimeSpan? outOfOrderness, TimeSpan? idleAfter = null)
    {
        OutOfOrderness = outOfOrderness ?? DefaultOutOfOrderness;
        IdleAfter = idleAfter ?? DefaultIdleAfter;
    }

    /// <summary>The out-of-orderness bound <c>B</c>; not negative.</summary>
    public TimeSpan OutOfOrderness
    {
        get => _outOfOrderness;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _outOfOrderness = value;
        }
    }

    /// <summary>Wall-clock quiet time after which the watermark follows the wall clock; positive.</summary>
    public TimeSpan IdleAfter
    {
        get => _idleAfter;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _idleAfter = value;
        }
    }
}
