namespace Streaming.Queries;

/// <summary>How a live query ended: the view as UTF-8 JSON, nothing to show (404), or the engine could not answer (503, with why).</summary>
public sealed record LiveAnswer(LiveOutcome Outcome, byte[]? Json = null, string? Problem = null)
{
    public static LiveAnswer Found(byte[] json) => new(LiveOutcome.Found, json);

    public static LiveAnswer NotFound { get; } = new(LiveOutcome.NotFound);

    public static LiveAnswer Unavailable(string why) => new(LiveOutcome.Unavailable, null, why);
}

public enum LiveOutcome
{
    Found,
    NotFound,
    Unavailable,
}
