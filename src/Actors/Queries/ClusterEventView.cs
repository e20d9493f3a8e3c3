namespace Streaming.Queries;

/// <summary>
/// One membership change as the answering node saw it: <paramref name="Type"/> is <c>member_joined</c>, <c>member_up</c>,
/// <c>member_weakly_up</c>, <c>member_left</c>, <c>member_exited</c>, <c>member_downed</c>, <c>member_removed</c>,
/// <c>unreachable</c>, <c>reachable</c> or <c>leader_changed</c> (then <paramref name="Address"/> is the new leader, or
/// null when there is none, and the member fields are empty); <paramref name="At"/> is when this node saw it.
/// </summary>
public sealed record ClusterEventView(string Type, string? Address, string? Status, IReadOnlyList<string> Roles, DateTimeOffset At);
