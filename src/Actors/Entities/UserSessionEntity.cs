using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Streaming.Actors.Sessions;

namespace Streaming.Actors.Entities;

/// <summary>
/// One user's sessions: a thin shell around <see cref="SessionLogic"/>. It persists only when its
/// partition checkpoints (the whole state plus the offset it reflects) and skips events at or
/// below that offset on replay. Changes made for a processor that has since been replaced are
/// dropped by going back to the last durable checkpoint, which the next processor replays from.
/// </summary>
public sealed class UserSessionEntity : ReceivePersistentActor
{
    private readonly SessionOptions _options;
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private UserSessionCheckpoint _durable;
    private UserSessionState _state;
    private long _appliedOffset;
    private long _epoch;

    public UserSessionEntity(string userId, SessionOptions options, int snapshotEvery, TimeSpan passivateAfter)
    {
        PersistenceId = "user-session-" + userId;
        _options = options;
        _snapshotEvery = Math.Max(1, snapshotEvery);
        _durable = new UserSessionCheckpoint(UserSessionState.Empty(userId), -1);
        _state = _durable.State;
        _appliedOffset = _durable.AppliedOffset;
        Context.SetReceiveTimeout(passivateAfter);

        Recover<SnapshotOffer>(offer => Restore((UserSessionCheckpoint)offer.Snapshot));
        Recover<UserSessionCheckpoint>(Restore);

        Command<ApplyUserEvents>(Handle);
        Command<CloseUserSessions>(Handle);
        Command<CheckpointUser>(Handle);
        Command<GetUserSession>(q => Sender.Tell(new UserSessionView(q.UserId, SessionLogic.Preview(_state, _options))));
        Command<ReceiveTimeout>(_ =>
        {
            if (!Dirty) Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(PoisonPill.Instance));
        });
        Command<SaveSnapshotSuccess>(s => DeleteMessages(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed; recovery replays more checkpoints", PersistenceId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Deleting old checkpoints of {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    private bool Dirty => !ReferenceEquals(_state, _durable.State) || _appliedOffset != _durable.AppliedOffset;

    private void Restore(UserSessionCheckpoint checkpoint)
    {
        _durable = checkpoint;
        _state = checkpoint.State;
        _appliedOffset = checkpoint.AppliedOffset;
    }

    /// <summary>Ok, or why the command must not be applied.</summary>
    private EntityStatus Admit(long epoch, long assumedApplied)
    {
        if (epoch < _epoch) return EntityStatus.Fenced;
        if (epoch > _epoch)
        {
            // A new processor replays from its checkpoint: forget what the old one left unpersisted.
            if (Dirty) Restore(_durable);
            _epoch = epoch;
        }
        return assumedApplied > _appliedOffset ? EntityStatus.StateLost : EntityStatus.Ok;
    }

    private void Handle(ApplyUserEvents command)
    {
        var status = Admit(command.Epoch, command.AssumedApplied);
        var late = ImmutableArray.CreateBuilder<LateVerdict>();
        if (status == EntityStatus.Ok)
        {
            foreach (var item in command.Items)
            {
                if (item.Offset <= _appliedOffset) continue;
                var result = SessionLogic.Apply(_state, item.Event, item.Watermark, _options);
                _state = result.State;
                _appliedOffset = item.Offset;
                if (result.IsLate) late.Add(new LateVerdict(item.Offset, result.LateReason ?? "late"));
            }
        }
        Sender.Tell(new UserEventsApplied(command.UserId, status, late.ToImmutable(), SessionLogic.NextTimerTime(_state, _options)));
    }

    private void Handle(CloseUserSessions command)
    {
        var status = Admit(command.Epoch, command.AssumedApplied);
        var closed = ImmutableArray<UserSession>.Empty;
        if (status == EntityStatus.Ok)
        {
            var result = SessionLogic.Close(_state, command.Watermark, _options);
            if (!result.State.Equals(_state)) _state = result.State;
            closed = result.Closed;
        }
        Sender.Tell(new UserSessionsClosed(command.UserId, status, closed, SessionLogic.NextTimerTime(_state, _options)));
    }

    private void Handle(CheckpointUser command)
    {
        var status = Admit(command.Epoch, -1);
        if (status != EntityStatus.Ok || !Dirty)
        {
            Sender.Tell(new UserCheckpointed(command.UserId, status, _durable.AppliedOffset));
            return;
        }
        var sender = Sender;
        Persist(new UserSessionCheckpoint(_state, _appliedOffset), saved =>
        {
            _durable = saved;
            sender.Tell(new UserCheckpointed(saved.State.UserId, EntityStatus.Ok, saved.AppliedOffset));
            if (LastSequenceNr % _snapshotEvery == 0) SaveSnapshot(saved);
        });
    }

    public static Props Props(string userId, SessionOptions options, int snapshotEvery, TimeSpan passivateAfter) =>
        Akka.Actor.Props.Create(() => new UserSessionEntity(userId, options, snapshotEvery, passivateAfter));
}
