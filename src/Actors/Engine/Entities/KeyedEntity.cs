using Akka.Actor;
using Akka.Cluster.Sharding;
using Streaming.Analytics.Keyed;
using Streaming.Engine.State;

namespace Streaming.Engine.Entities;

/// <summary>
/// One key's state as a sharded actor: a thin shell around <see cref="KeyedEntityCore{TInput, TState, TOutput}"/>. The
/// first message that names its partition makes it load its state from the backend; messages wait meanwhile, in a
/// queue of its own (an entity per key costs no stash and no deque mailbox). It leaves memory when its partition's
/// processor evicts it or it is dormant, once nothing unstored would be lost.
/// </summary>
public sealed class KeyedEntity<TInput, TState, TOutput> : UntypedActor
    where TState : class
{
    private readonly KeyedFunction<TInput, TState, TOutput> _function;
    private readonly Func<TInput, DateTimeOffset> _timeOf;
    private readonly string _key;
    private readonly StateBackend _backend;
    private readonly TimeProvider _clock;
    private KeyedEntityCore<TInput, TState, TOutput>? _core;
    private Queue<(object Message, IActorRef Sender)>? _held;
    private bool _loading;
    // The epoch of the command that made the entity load: that load is as new as that processor needs.
    private long _loadEpoch;

    public KeyedEntity(KeyedFunction<TInput, TState, TOutput> function, Func<TInput, DateTimeOffset> timeOf, string key, StateBackend backend, TimeProvider clock)
    {
        _function = function;
        _timeOf = timeOf;
        _key = key;
        _backend = backend;
        _clock = clock;
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Loaded loaded when _loading:
                _core = new KeyedEntityCore<TInput, TState, TOutput>(_function, _timeOf, _key, loaded.State);
                _loading = false;
                Drain();
                return;
            case LocateShard:
                // A probe, not a key: it says where its shard is and leaves.
                Sender.Tell(new ShardLocated(((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString()));
                Leave();
                return;
            case Status.Failure failure when _loading:
                // A failed load restarts the entity; the held messages go back to the mailbox and the next one loads again.
                throw new InvalidOperationException($"Loading the state of {_function.Kind} {_key} failed", failure.Cause);
        }
        if (_held is { Count: > 0 } || !Dispatch(message, Sender)) (_held ??= new Queue<(object, IActorRef)>()).Enqueue((message, Sender));
    }

    /// <summary>Stopped while loading (passivated, or its shard handed off): what waited goes back to the shard, for the next instance.</summary>
    protected override void PostStop()
    {
        foreach (var (held, sender) in _held ?? []) Context.Parent.Tell(held, sender);
        _held?.Clear();
        base.PostStop();
    }

    protected override void PreRestart(Exception reason, object message)
    {
        foreach (var (held, sender) in _held ?? []) Self.Tell(held, sender);
        // Not again from PostStop, which the base calls.
        _held?.Clear();
        base.PreRestart(reason, message);
    }

    private void Drain()
    {
        while (_held is { Count: > 0 } && Dispatch(_held.Peek().Message, _held.Peek().Sender)) _held.Dequeue();
    }

    /// <summary>Handles a message, or returns false when it must wait for the state to load.</summary>
    private bool Dispatch(object message, IActorRef sender)
    {
        if (_loading) return false;
        if (_core is { } loaded && message is IProcessorCommand newer && newer.Epoch > Math.Max(loaded.Epoch, _loadEpoch))
        {
            // A new processor: the old one's last checkpoint may or may not have been stored, and the partition's state
            // may have been reset since, so the entity loads what the backend holds now.
            _core = null;
        }
        if (_core is null)
        {
            if (message is not IEntityMessage { PartitionId: { } partition }) return true;
            _loading = true;
            if (message is IProcessorCommand loader) _loadEpoch = Math.Max(_loadEpoch, loader.Epoch);
            _backend.LoadAsync(new StateKey(partition, _function.Kind, _key))
                .PipeTo(Self, success: state => new Loaded(state), failure: e => new Status.Failure(e));
            return false;
        }
        var core = _core;
        var now = _clock.GetUtcNow();
        switch (message)
        {
            case ApplyInputs<TInput> apply:
                sender.Tell(core.Apply(apply, now));
                break;
            case FireTimers fire:
                sender.Tell(core.Fire(fire, now));
                break;
            case CheckpointEntity checkpoint:
                sender.Tell(core.Checkpoint(checkpoint));
                break;
            case CheckpointConfirmed confirmed:
                if (core.Confirm(confirmed.Epoch, confirmed.Stage, confirmed.AppliedOffset, confirmed.Deleted)) Leave();
                // It read its state before this checkpoint landed (it started while its shard moved) and, answering StateLost
                // to anything that assumed more, applied nothing since: the next message reads the stored state again.
                else if (core.IsStale) _core = null;
                break;
            case RememberResults<TOutput> remember:
                core.Remember(remember.Outputs);
                break;
            case QueryEntity query:
                sender.Tell(new EntityQueried(query.EntityId, core.Query(query.Query, now)));
                break;
            case EvictEntity:
                if (core.IsClean) Leave();
                break;
            default:
                Unhandled(message);
                break;
        }
        return true;
    }

    private static void Leave() => Context.Parent.Tell(new Passivate(PoisonPill.Instance));

    private sealed record Loaded(StoredState? State);
}

/// <summary>Props of keyed entities that call the constructor directly (there is an entity per key: no reflection per entity).</summary>
public static class KeyedEntityProps
{
    public static Props Of<TInput, TState, TOutput>(KeyedFunction<TInput, TState, TOutput> function, Func<TInput, DateTimeOffset> timeOf, string key,
        StateBackend backend, TimeProvider clock)
        where TState : class =>
        Props.CreateBy(new Producer(typeof(KeyedEntity<TInput, TState, TOutput>), () => new KeyedEntity<TInput, TState, TOutput>(function, timeOf, key, backend, clock)));

    private sealed class Producer(Type type, Func<ActorBase> create) : IIndirectActorProducer
    {
        public Type ActorType => type;

        public ActorBase Produce() => create();

        public void Release(ActorBase actor)
        {
        }
    }
}
