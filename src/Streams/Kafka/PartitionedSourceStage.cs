using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Stage;
using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>
/// Emits one sub-source per assigned partition. Assignments arrive from the consumer thread
/// through an async callback and wait here until demanded; one revoked before it was emitted
/// is skipped. Cancelling this source shuts the consumer down (committing what was handed
/// over); <see cref="IKafkaControl.Stop"/> completes it but leaves the consumer committing.
/// </summary>
internal sealed class PartitionedSourceStage
    : GraphStageWithMaterializedValue<SourceShape<AssignedPartition>, IKafkaControl>
{
    private readonly KafkaConsumerSettings _settings;

    public PartitionedSourceStage(KafkaConsumerSettings settings)
    {
        _settings = settings;
        Shape = new SourceShape<AssignedPartition>(Out);
    }

    public Outlet<AssignedPartition> Out { get; } = new("KafkaPartitioned.out");
    public override SourceShape<AssignedPartition> Shape { get; }
    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("kafkaPartitionedSource");

    public override ILogicAndMaterializedValue<IKafkaControl> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var loop = new ConsumerLoop(_settings);
        return new LogicAndMaterializedValue<IKafkaControl>(new Logic(this, loop), new KafkaControl(loop));
    }

    private sealed class Logic : OutGraphStageLogic
    {
        private readonly PartitionedSourceStage _stage;
        private readonly ConsumerLoop _loop;
        private readonly Queue<PartitionBuffer> _pending = new();

        public Logic(PartitionedSourceStage stage, ConsumerLoop loop) : base(stage.Shape)
        {
            _stage = stage;
            _loop = loop;
            SetHandler(stage.Out, this);
        }

        public override void PreStart() =>
            _loop.Start(Log, new ConsumerListener(
                GetAsyncCallback<PartitionBuffer>(OnAssigned),
                GetAsyncCallback(CompleteStage),
                GetAsyncCallback<Exception?>(OnFinished)));

        public override void OnPull() => TryEmit();

        public override void OnDownstreamFinish(Exception cause)
        {
            _ = _loop.Shutdown();
            base.OnDownstreamFinish(cause);
        }

        public override void PostStop()
        {
            // Completed by Stop(): the consumer keeps committing until Shutdown(). Otherwise
            // (cancelled, failed, materializer gone) nothing is left to feed, so close it.
            if (!_loop.StopRequested) _ = _loop.Shutdown();
        }

        private void OnAssigned(PartitionBuffer buffer)
        {
            _pending.Enqueue(buffer);
            TryEmit();
        }

        private void OnFinished(Exception? failure)
        {
            if (failure is null) CompleteStage();
            else FailStage(failure);
        }

        private void TryEmit()
        {
            while (IsAvailable(_stage.Out) && _pending.TryDequeue(out var buffer))
            {
                if (buffer.IsClosed) continue;
                Push(_stage.Out, new AssignedPartition(buffer, _loop));
            }
        }
    }
}
