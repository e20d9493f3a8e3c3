namespace Streaming.Actors.Sessions;

/// <summary>Session-window configuration (SPEC §3.1).</summary>
/// <remarks><see cref="Gap"/> is <c>G</c>: a gap of at least G between consecutive events of a user starts a new
/// session. Default 5 min; must be positive.</remarks>
public sealed record SessionOptions
{
    /// <summary>Default session gap (5 min).</summary>
    public static readonly TimeSpan DefaultGap = TimeSpan.FromMinutes(5);

    /// <summary>The defaults.</summary>
    public static SessionOptions Default { get; } = new();

    private readonly TimeSpan _gap = DefaultGap;

    /// <summary>Creates options with the defaults.</summary>
    public SessionOptions()
    {
    }

    /// <summary>Creates options with the given gap.</summary>
    public SessionOptions(TimeSpan gap)
    {
        Gap = gap;
    }

    /// <summary>The session gap <c>G</c>; positive.</summary>
    public TimeSpan Gap
    {
        get => _gap;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _gap = value;
        }
    }
}
