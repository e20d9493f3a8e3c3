using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace Streaming.Bench.Journal;

/// <summary>
/// Writes events for many persistent actors in one journal request. Akka.Persistence gives each
/// persistent actor its own write (one SQL transaction per <c>Persist</c>); a checkpoint that touched
/// thousands of entities would cost thousands of transactions. Sending all of their
/// <see cref="AtomicWrite"/>s in one <see cref="WriteMessages"/> makes it one, while each entity still
/// recovers from its own persistence id. The entities assign the sequence numbers.
/// </summary>
public sealed class JournalWriter : ReceiveActor
{
    private sealed class Pending(IActorRef replyTo, int remaining)
    {
        public IActorRef ReplyTo { get; } = replyTo;
        public int Count { get; } = remaining;
        public int Remaining { get; set; } = remaining;
        public string? Error { get; set; }
    }

    private readonly IActorRef _journal;
    private readonly string _writerUuid = Guid.NewGuid().ToString("N");
    private readonly Dictionary<int, Pending> _pending = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _next;

    public JournalWriter(IActorRef journal)
    {
        _journal = journal;
        Receive<WriteToJournal>(Write);
        Receive<DeleteFromJournal>(d => _journal.Tell(new DeleteMessagesTo(d.PersistenceId, d.ToSequenceNr, Self)));
        Receive<WriteMessagesSuccessful>(_ => { });
        Receive<WriteMessagesFailed>(_ => { });
        Receive<WriteMessageSuccess>(m => Settle(m.ActorInstanceId, null));
        Receive<WriteMessageFailure>(m => Settle(m.ActorInstanceId, m.Cause.Message));
        Receive<WriteMessageRejected>(m => Settle(m.ActorInstanceId, "rejected: " + m.Cause.Message));
        Receive<DeleteMessagesSuccess>(_ => { });
        Receive<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Deleting old events up to {0} failed; recovery replays more", f.ToSequenceNr));
    }

    private void Write(WriteToJournal request)
    {
        if (request.Writes.IsDefaultOrEmpty)
        {
            Sender.Tell(new JournalWritten(0, null));
            return;
        }
        var id = _next = _next == int.MaxValue ? 1 : _next + 1;
        _pending[id] = new Pending(Sender, request.Writes.Length);
        var envelopes = request.Writes
            .Select(w => (IPersistentEnvelope)new AtomicWrite(new Persistent(w.Payload, w.SequenceNr, w.PersistenceId, "", false, ActorRefs.NoSender, _writerUuid)))
            .ToList();
        _journal.Tell(new WriteMessages(envelopes, Self, id));
    }

    private void Settle(int id, string? error)
    {
        if (!_pending.TryGetValue(id, out var pending)) return;
        pending.Error ??= error;
        if (--pending.Remaining > 0) return;
        _pending.Remove(id);
        pending.ReplyTo.Tell(new JournalWritten(pending.Count, pending.Error));
    }

    public static Props Props(IActorRef journal) => Akka.Actor.Props.Create(() => new JournalWriter(journal));
}
