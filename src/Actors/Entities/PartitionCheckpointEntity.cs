using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace Streaming.Actors.Entities;

/// <summary>
/// The durable checkpoint of one Kafka partition's processor. A sharded entity, so exactly one
/// writer exists cluster-wide even while a partition moves between nodes.
/// </summary>
public sealed class PartitionCheckpointEntity : ReceivePersistentActor
{
    private const int SnapshotEvery = 20;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private PartitionCheckpoint _checkpoint = PartitionCheckpoint.Initial;

    public PartitionCheckpointEntity(string partitionId)
    {
        PersistenceId = "partition-checkpoint-" + partitionId;
        Recover<SnapshotOffer>(offer => _checkpoint = (PartitionCheckpoint)offer.Snapshot);
        Recover<PartitionCheckpoint>(c => _checkpoint = c);

        Command<GetPartitionCheckpoint>(q => Sender.Tell(new PartitionCheckpointView(q.PartitionId, _checkpoint)));
        Command<OpenPartition>(open => Save(_checkpoint with { Epoch = _checkpoint.Epoch + 1 }, saved => new PartitionOpened(open.PartitionId, saved)));
        Command<SavePartitionCheckpoint>(save =>
        {
            if (save.Checkpoint.Epoch != _checkpoint.Epoch || save.Checkpoint.Offset < _checkpoint.Offset)
            {
                Sender.Tell(new PartitionCheckpointSaved(save.PartitionId, _checkpoint.Offset, Fenced: true));
                return;
            }
            Save(save.Checkpoint, saved => new PartitionCheckpointSaved(save.PartitionId, saved.Offset, Fenced: false));
        });
        Command<SaveSnapshotSuccess>(s => DeleteMessages(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed", PersistenceId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Deleting old checkpoints of {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    private void Save(PartitionCheckpoint checkpoint, Func<PartitionCheckpoint, object> reply)
    {
        var sender = Sender;
        Persist(checkpoint, saved =>
        {
            _checkpoint = saved;
            sender.Tell(reply(saved));
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(saved);
        });
    }

    public static Props Props(string partitionId) => Akka.Actor.Props.Create(() => new PartitionCheckpointEntity(partitionId));
}
