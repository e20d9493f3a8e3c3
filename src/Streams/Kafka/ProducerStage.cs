using Akka.Streams;
using Akka.Streams.Stage;
using Akka.Streams.Supervision;
using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>
/// Produces each envelope with up to <c>parallelism</c> unacknowledged records in flight and
/// emits results in input order, each only after its delivery report. A failed delivery goes
/// to the decider: Stop fails the stage with the <see cref="ProduceException{TKey,TValue}"/>,
/// Resume/Restart drop that element.
/// </summary>
internal sealed class ProducerStage<T> : GraphStage<FlowShape<ProducerEnvelope<T>, ProducerResult<T>>>
{
    private readonly Func<IProducer<byte[]?, byte[]>> _producer;
    private readonly bool _ownsProducer;
    private readonly int _parallelism;
    private readonly TimeSpan _flushTimeout;
    private readonly Decider? _decider;

    public ProducerStage(Func<IProducer<byte[]?, byte[]>> producer, bool ownsProducer, int parallelism, TimeSpan flushTimeout, Decider? decider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        _producer = producer;
        _ownsProducer = ownsProducer;
        _parallelism = parallelism;
        _flushTimeout = flushTimeout;
        _decider = decider;
        Shape = new FlowShape<ProducerEnvelope<T>, ProducerResult<T>>(In, Out);
    }

    public Inlet<ProducerEnvelope<T>> In { get; } = new("KafkaProducer.in");
    public Outlet<ProducerResult<T>> Out { get; } = new("KafkaProducer.out");
    public override FlowShape<ProducerEnvelope<T>, ProducerResult<T>> Shape { get; }
    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("kafkaProducer");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes)
    {
        var decider = _decider ?? inheritedAttributes.GetAttribute(new ActorAttributes.SupervisionStrategy(Deciders.StoppingDecider)).Decider;
        return new Logic(this, decider);
    }

    private sealed class Slot(ProducerEnvelope<T> envelope)
    {
        public ProducerEnvelope<T> Envelope { get; } = envelope;
        public DeliveryReport<byte[]?, byte[]>? Report { get; set; }
        public Exception? Error { get; set; }
        public bool Done => Report is not null || Error is not null;
    }

    private sealed class Logic : GraphStageLogic, IInHandler, IOutHandler
    {
        private readonly ProducerStage<T> _stage;
        private readonly Decider _decider;
        private readonly Queue<Slot> _inFlight = new();
        private IProducer<byte[]?, byte[]>? _producer;
        private Action<(Slot, DeliveryReport<byte[]?, byte[]>)>? _onDelivered;

        public Logic(ProducerStage<T> stage, Decider decider) : base(stage.Shape)
        {
            _stage = stage;
            _decider = decider;
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
        }

        public override void PreStart()
        {
            _producer = _stage._producer();
            _onDelivered = GetAsyncCallback<(Slot Slot, DeliveryReport<byte[]?, byte[]> Report)>(d =>
            {
                d.Slot.Report = d.Report;
                Drain();
            });
            Pull(_stage.In);
        }

        public override void PostStop()
        {
            if (!_stage._ownsProducer || _producer is null) return;
            _producer.Flush(_stage._flushTimeout);
            _producer.Dispose();
        }

        public void OnPush()
        {
            var envelope = Grab(_stage.In);
            var slot = new Slot(envelope);
            _inFlight.Enqueue(slot);
            var message = new Message<byte[]?, byte[]> { Key = envelope.Key, Value = envelope.Value, Headers = envelope.Headers };
            try
            {
                _producer!.Produce(envelope.Topic, message, report => _onDelivered!((slot, report)));
            }
            catch (KafkaException e)
            {
                slot.Error = e;
            }
            catch (ArgumentException e)
            {
                slot.Error = e;
            }
            Drain();
        }

        public void OnUpstreamFinish()
        {
            if (_inFlight.Count == 0) CompleteStage();
        }

        public void OnUpstreamFailure(Exception e) => FailStage(e);

        public void OnPull() => Drain();

        public void OnDownstreamFinish(Exception cause) => CompleteStage();

        private void Drain()
        {
            while (_inFlight.TryPeek(out var head) && head.Done)
            {
                var error = head.Error ?? (head.Report!.Error.IsError ? new ProduceException<byte[]?, byte[]>(head.Report.Error, head.Report) : null);
                if (error is not null)
                {
                    _inFlight.Dequeue();
                    if (_decider(error) == Directive.Stop)
                    {
                        FailStage(error);
                        return;
                    }
                    continue;
                }
                if (!IsAvailable(_stage.Out)) break;
                _inFlight.Dequeue();
                Push(_stage.Out, new ProducerResult<T>(head.Envelope, head.Report!.TopicPartitionOffset, head.Report.Timestamp));
            }
            if (IsClosed(_stage.In))
            {
                if (_inFlight.Count == 0) CompleteStage();
            }
            else if (!HasBeenPulled(_stage.In) && _inFlight.Count < _stage._parallelism)
            {
                Pull(_stage.In);
            }
        }
    }
}
