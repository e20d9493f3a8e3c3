using Akka.Actor;
using Streaming.Engine.Entities;

namespace Streaming.Engine.Processing;

/// <summary>The engine's <see cref="IEntityDispatcher"/>: commands go to the shard region of their kind; each kind answers into an inbox of its own (keys of different kinds may be equal).</summary>
public sealed class RegionDispatcher : IEntityDispatcher
{
    private readonly IReadOnlyDictionary<string, IActorRef> _regions;
    private readonly Dictionary<string, ReplyInbox> _inboxes;
    private readonly TimeSpan _timeout;
    private readonly string _self;

    /// <param name="remoteReply">Called for each reply from an entity on another node.</param>
    public RegionDispatcher(ActorSystem system, IReadOnlyDictionary<string, IActorRef> regions, TimeSpan timeout, Action? remoteReply = null)
    {
        _regions = regions;
        _timeout = timeout;
        _self = ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString();
        _inboxes = regions.Keys.ToDictionary(kind => kind, _ => new ReplyInbox(system, remoteReply), StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<TReply>> RoundAsync<TReply>(IReadOnlyList<(string Kind, IEntityMessage Command)> commands) where TReply : IEntityReply
    {
        if (commands.Count == 0) return [];
        var byKind = commands.GroupBy(c => c.Kind, StringComparer.Ordinal).ToList();
        var rounds = await Task.WhenAll(byKind.Select(group =>
            _inboxes[group.Key].RoundAsync<TReply>(_regions[group.Key], [.. group.Select(c => (object)c.Command)], _timeout)));
        var answers = new Dictionary<(string, string), TReply>();
        for (var i = 0; i < byKind.Count; i++)
            foreach (var reply in rounds[i]) answers[(byKind[i].Key, reply.EntityId)] = reply;
        return [.. commands.Select(c => answers.TryGetValue((c.Kind, c.Command.EntityId), out var reply)
            ? reply
            : throw new PartitionFailureException($"no answer from {c.Kind} {c.Command.EntityId}"))];
    }

    public void Tell(string kind, IEntityMessage message) => _regions[kind].Tell(message);

    public async Task<bool> HostedHereAsync(string kind, int partition, string partitionId, TimeSpan timeout)
    {
        try
        {
            var located = await _regions[kind].Ask<ShardLocated>(new LocateShard(partition, partitionId), timeout);
            return string.Equals(located.Address, _self, StringComparison.Ordinal);
        }
        catch (AskTimeoutException)
        {
            // The shard is moving, or its node is unreachable: not here (yet).
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var inbox in _inboxes.Values) inbox.Dispose();
    }
}
