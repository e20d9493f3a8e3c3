namespace Streaming.Queries;

/// <summary>The outcome of a state reset: the partitions reset, and those refused with the reason (a live node processes them).</summary>
public sealed record StateReset(IReadOnlyList<string> Reset, IReadOnlyList<StateResetRefusal> Refused);

public sealed record StateResetRefusal(string PartitionId, string Reason);

/// <summary>Operations on the engine's stored partition state.</summary>
public interface IStateAdmin
{
    /// <summary>The input topics whose partitions have stored state.</summary>
    IReadOnlyList<string> InputTopics { get; }

    /// <summary>Drops the stored state of the partitions (<c>{topic}-{partition}</c>) so that they start from fresh state.</summary>
    Task<StateReset> ResetAsync(IReadOnlyList<string> partitionIds, CancellationToken ct = default);
}
