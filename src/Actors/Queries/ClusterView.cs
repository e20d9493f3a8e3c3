namespace Streaming.Queries;

/// <summary>The cluster as one node sees it: itself, the leader, the oldest member (where singletons run), every member.</summary>
public sealed record ClusterView(string Self, string? Leader, string? Oldest, IReadOnlyList<ClusterMemberView> Members);

/// <summary>A member: address, status (<c>Joining</c>, <c>Up</c>, <c>Leaving</c>, <c>Exiting</c>, <c>Down</c>, …), roles, reachability.</summary>
public sealed record ClusterMemberView(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable);
