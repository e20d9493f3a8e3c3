using Streaming.Engine.Entities;

namespace Streaming.Engine.Processing;

/// <summary>
/// How a partition processor reaches its entities: rounds of commands, one per entity, answered in the commands' order
/// (the outputs of a step never depend on which entity answered first), and one-way messages. The engine sends to
/// the shard regions; the processor's tests hold the entities in memory.
/// </summary>
public interface IEntityDispatcher : IDisposable
{
    /// <summary>Sends each command to the entity of its kind and returns the answers in command order.</summary>
    Task<IReadOnlyList<TReply>> RoundAsync<TReply>(IReadOnlyList<(string Kind, IEntityMessage Command)> commands) where TReply : IEntityReply;

    void Tell(string kind, IEntityMessage message);

    /// <summary>Whether the shard of <paramref name="partition"/> for <paramref name="kind"/> is hosted on this node (false also when no answer came within <paramref name="timeout"/>).</summary>
    Task<bool> HostedHereAsync(string kind, int partition, string partitionId, TimeSpan timeout);
}
