using Akka.Streams;
using Akka.Streams.Stage;

namespace Streaming.Streams.Kafka;

/// <summary>
/// One partition's records. Reads from the partition's <see cref="PartitionBuffer"/> on demand;
/// completes when the partition is revoked/lost or the source stops. If downstream cancels while
/// the partition is still assigned, the consumer emits a replacement sub-source starting at the
/// first undelivered record.
/// </summary>
internal sealed class PartitionSubSourceStage : GraphStage<SourceShape<CommittableMessage>>
{
    private readonly PartitionBuffer _buffer;

    public PartitionSubSourceStage(PartitionBuffer buffer)
    {
        _buffer = buffer;
        Shape = new SourceShape<CommittableMessage>(Out);
    }

    public Outlet<CommittableMessage> Out { get; } = new("KafkaPartition.out");
    public override SourceShape<CommittableMessage> Shape { get; }
    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("kafkaPartitionSource");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : OutGraphStageLogic
    {
        private readonly PartitionSubSourceStage _stage;
        private bool _finished;

        public Logic(PartitionSubSourceStage stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.Out, this);
        }

        public override void PreStart()
        {
            var signal = GetAsyncCallback(TryDeliver);
            if (!_stage._buffer.Attach(signal))
            {
                _finished = true;
                FailStage(new InvalidOperationException($"The sub-source of {_stage._buffer.Partition} can be materialized only once."));
            }
        }

        public override void OnPull() => TryDeliver();

        public override void OnDownstreamFinish(Exception cause)
        {
            if (!_finished) _stage._buffer.Cancel();
            _finished = true;
            base.OnDownstreamFinish(cause);
        }

        private void TryDeliver()
        {
            if (_finished || !IsAvailable(_stage.Out)) return;
            if (_stage._buffer.TryDequeue(out var message, out var completed))
            {
                Push(_stage.Out, message!);
            }
            else if (completed)
            {
                _finished = true;
                if (_stage._buffer.Failure is { } failure) FailStage(failure);
                else CompleteStage();
            }
        }
    }
}
