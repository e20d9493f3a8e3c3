namespace Streaming.Analytics.Sessions;

/// <summary>Settings of user sessions (section <c>Streaming:Analytics</c>): the session gap G.</summary>
public sealed record SessionOptions
{
    public static readonly TimeSpan DefaultGap = TimeSpan.FromMinutes(5);

    public static SessionOptions Default { get; } = new();

    private readonly TimeSpan _gap = DefaultGap;

    public SessionOptions()
    {
    }

    public SessionOptions(TimeSpan gap)
    {
        SessionGap = gap;
    }

    /// <summary>Session gap G: a gap of at least G between two events of a user starts a new session.</summary>
    public TimeSpan SessionGap
    {
        get => _gap;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _gap = value;
        }
    }
}
