namespace Streaming.Streams.Kinesis;

/// <summary>
/// Keeps the set of forwardings across restarts, so the node starts again what was running.
/// <see cref="ForwardingManager"/> calls it under its own lock: implementations need not be thread-safe.
/// </summary>
public interface IForwardingStore
{
    /// <summary>Every stored forwarding (empty when none was ever saved).</summary>
    Task<IReadOnlyList<ForwardingDefinition>> LoadAsync(CancellationToken ct);

    /// <summary>Replaces the stored set with <paramref name="forwardings"/>, durably, before returning.</summary>
    Task SaveAsync(IReadOnlyList<ForwardingDefinition> forwardings, CancellationToken ct);
}
