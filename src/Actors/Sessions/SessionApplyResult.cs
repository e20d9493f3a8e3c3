namespace Streaming.Actors.Sessions;

/// <summary>The outcome of <see cref="SessionLogic.Apply"/>.</summary>
/// <param name="State">The new state (unchanged when late).</param>
/// <param name="IsLate">True when the event was late and changed nothing.</param>
/// <param name="LateReason">Why the event is late (human-readable), or null when accepted.</param>
public sealed record SessionApplyResult(UserSessionState State, bool IsLate, string? LateReason)
{
    /// <summary>True when the event was accepted into a session.</summary>
    public bool IsAccepted => !IsLate;

    internal static SessionApplyResult Accepted(UserSessionState state) => new(state, false, null);

    internal static SessionApplyResult Late(UserSessionState state, string reason) => new(state, true, reason);
}
