using System.Collections.Immutable;
using Streaming.Analytics.Keyed;
using Streaming.Engine.State;
using Streaming.Streams.EventTime;

namespace Streaming.Engine.Entities;

/// <summary>
/// The effectively-once protocol of one key's state, without Akka (the actor <see cref="KeyedEntity{TInput, TState, TOutput}"/>
/// is a shell around it, and tests drive it directly): the state is durable only in its partition's checkpoint. At a
/// checkpoint the key hands over its state with the partition offset it reflects; once the checkpoint is stored it is
/// confirmed and becomes the durable state. It skips inputs at or below its offset on replay; changes made for a
/// processor that has since been replaced are dropped by going back to the durable state (a newer epoch); an older
/// processor is fenced; a key that lost unstored changes says so (<see cref="EntityStatus.StateLost"/>).
/// An input the logic cannot process (it throws) is poison: reported, skipped, the state unchanged.
/// </summary>
public sealed class KeyedEntityCore<TInput, TState, TOutput>
    where TState : class
{
    private readonly KeyedFunction<TInput, TState, TOutput> _function;
    private readonly Func<TInput, DateTimeOffset> _timeOf;
    private Stored _durable;
    private Stored? _staged;
    private TState _state;
    private long _appliedOffset;
    private DateTimeOffset? _expiresAt;
    private long _epoch;
    private long _stage;

    public KeyedEntityCore(KeyedFunction<TInput, TState, TOutput> function, Func<TInput, DateTimeOffset> timeOf, string key, StoredState? stored)
    {
        _function = function;
        _timeOf = timeOf;
        Key = key;
        _durable = stored is null
            ? new Stored(function.Empty(key), -1, null, 0)
            : new Stored(function.Decode(stored.Bytes), stored.AppliedOffset, stored.ExpiresAt, 0);
        _state = _durable.State;
        _appliedOffset = _durable.AppliedOffset;
        _expiresAt = _durable.ExpiresAt;
    }

    public string Key { get; }

    /// <summary>The current state (possibly not yet stored), for live queries.</summary>
    public TState State => _state;

    public long AppliedOffset => _appliedOffset;

    public long Epoch => _epoch;

    /// <summary>Nothing unstored: the entity can leave memory without any processor having to replay.</summary>
    public bool IsClean => _staged is null && !Dirty;

    /// <summary>Clean and expecting no input soon (see <see cref="KeyedFunction{TInput, TState, TOutput}.IsDormant"/>).</summary>
    public bool IsDormant => IsClean && _function.IsDormant(_state);

    private bool Dirty => !ReferenceEquals(_state, _durable.State) || _appliedOffset != _durable.AppliedOffset;

    /// <summary>The state was read before the latest checkpoint of the key landed: it answers StateLost and leaves memory.</summary>
    public bool IsStale { get; private set; }

    /// <summary>Ok, or why a command of <paramref name="epoch"/> must not be applied.</summary>
    private EntityStatus Admit(long epoch, long assumedApplied)
    {
        if (IsStale) return EntityStatus.StateLost;
        if (epoch < _epoch) return EntityStatus.Fenced;
        if (epoch > _epoch)
        {
            // A new processor replays from its checkpoint: forget what the old one left unconfirmed.
            Restore(_durable);
            _staged = null;
            _epoch = epoch;
        }
        return assumedApplied > _appliedOffset ? EntityStatus.StateLost : EntityStatus.Ok;
    }

    public InputsApplied<TOutput> Apply(ApplyInputs<TInput> command, DateTimeOffset now)
    {
        var status = Admit(command.Epoch, command.AssumedApplied);
        var late = ImmutableArray<InputVerdict>.Empty;
        var poison = ImmutableArray<InputVerdict>.Empty;
        var outputs = ImmutableArray<TOutput>.Empty;
        if (status == EntityStatus.Ok)
        {
            foreach (var item in command.Items)
            {
                if (item.Offset <= _appliedOffset) continue;
                // Past its time-to-live the key's state is gone, as if the backend had dropped it already.
                if (_expiresAt is { } expiry && expiry <= item.Watermark)
                {
                    _state = _function.Empty(Key);
                    _expiresAt = null;
                }
                KeyedStep<TState, TOutput> step;
                try
                {
                    step = _function.Apply(_state, item.Input, item.Watermark, now);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException or ArithmeticException)
                {
                    poison = poison.Add(new InputVerdict(item.Offset, $"{_function.Kind} {Key}: {e.Message}"));
                    _appliedOffset = item.Offset;
                    continue;
                }
                _state = step.State;
                _appliedOffset = item.Offset;
                if (_function.TimeToLive is { } ttl)
                {
                    var expires = TimeArithmetic.SaturatingAdd(_timeOf(item.Input), ttl);
                    _expiresAt = _expiresAt is { } e ? TimeArithmetic.Max(e, expires) : expires;
                }
                if (!step.Outputs.IsDefaultOrEmpty) outputs = outputs.AddRange(step.Outputs);
                if (step.LateReason is { } reason) late = late.Add(new InputVerdict(item.Offset, reason));
            }
        }
        return new InputsApplied<TOutput>(command.EntityId, status, status == EntityStatus.Ok ? late : [], status == EntityStatus.Ok ? poison : [],
            status == EntityStatus.Ok ? outputs : [], _function.NextTimer(_state));
    }

    public TimersFired<TOutput> Fire(FireTimers command, DateTimeOffset now)
    {
        var status = Admit(command.Epoch, command.AssumedApplied);
        var outputs = ImmutableArray<TOutput>.Empty;
        if (status == EntityStatus.Ok)
        {
            var step = _function.Fire(_state, command.Watermark, now);
            // An unchanged state stays the durable one, so a quiet key is not written again at the next checkpoint.
            if (!EqualityComparer<TState>.Default.Equals(step.State, _state)) _state = step.State;
            outputs = step.Outputs;
        }
        return new TimersFired<TOutput>(command.EntityId, status, outputs, _function.NextTimer(_state));
    }

    public EntityCheckpointed Checkpoint(CheckpointEntity command)
    {
        var status = Admit(command.Epoch, -1);
        if (status != EntityStatus.Ok || !Dirty) return new EntityCheckpointed(command.EntityId, status, _durable.AppliedOffset);
        _staged = new Stored(_state, _appliedOffset, _expiresAt, ++_stage);
        StoredState? stored = null;
        if (!_function.IsEmpty(_state))
        {
            var expires = _expiresAt is { } e && _function.NextTimer(_state) is { } timer ? TimeArithmetic.Max(e, timer) : _expiresAt;
            stored = new StoredState(_function.Encode(_state), _appliedOffset, expires);
        }
        return new EntityCheckpointed(command.EntityId, status, _appliedOffset, new EntitySnapshot(_stage, stored));
    }

    /// <summary>
    /// The checkpoint with the snapshot of <paramref name="stage"/> is stored; returns whether the entity may leave memory
    /// now (dormant). A confirmation of a snapshot this instance never staged, of a newer state than it loaded, means it
    /// started while that checkpoint was being written (its shard moved) and read the state before it: <see cref="IsStale"/>.
    /// </summary>
    public bool Confirm(long epoch, long stage, long storedApplied = -1, bool deleted = false)
    {
        if (epoch != _epoch || _staged is not { } staged || staged.Stage != stage)
        {
            var older = deleted ? !_function.IsEmpty(_durable.State) : _durable.AppliedOffset < storedApplied;
            if (_staged is null && older) IsStale = true;
            return false;
        }
        _durable = staged;
        _staged = null;
        return IsDormant;
    }

    /// <summary>Takes published results that belong to this key (a change the next checkpoint stores).</summary>
    public void Remember(ImmutableArray<TOutput> outputs)
    {
        foreach (var output in outputs.IsDefault ? [] : outputs) _state = _function.Remember(_state, output);
    }

    /// <summary>The live view named <paramref name="query"/>, or null.</summary>
    public byte[]? Query(string query, DateTimeOffset now) =>
        _function.Queries.FirstOrDefault(q => string.Equals(q.Name, query, StringComparison.Ordinal)) is { } view ? view.View(_state, now) : null;

    private void Restore(Stored durable)
    {
        _state = durable.State;
        _appliedOffset = durable.AppliedOffset;
        _expiresAt = durable.ExpiresAt;
    }

    private sealed record Stored(TState State, long AppliedOffset, DateTimeOffset? ExpiresAt, long Stage);
}
