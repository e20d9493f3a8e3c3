using Akka.Event;
using Akka.Streams;
using Akka.Streams.Stage;
using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>
/// Stages every incoming offset with its consumer right away (so a revocation commits it), and
/// asks the consumers to commit after <see cref="KafkaCommitterSettings.MaxBatch"/> offsets or
/// <see cref="KafkaCommitterSettings.MaxInterval"/>. One commit round is in flight at a time;
/// upstream is backpressured only while a full batch waits for it. Emits one
/// <see cref="KafkaCommitResult"/> per round (merged while downstream is not pulling).
/// </summary>
internal sealed class CommitterStage : GraphStage<FlowShape<CommittableOffset, KafkaCommitResult>>
{
    private const string IntervalTimer = "commit-interval";
    private readonly KafkaCommitterSettings _settings;

    public CommitterStage(KafkaCommitterSettings settings)
    {
        _settings = settings;
        Shape = new FlowShape<CommittableOffset, KafkaCommitResult>(In, Out);
    }

    public Inlet<CommittableOffset> In { get; } = new("KafkaCommitter.in");
    public Outlet<KafkaCommitResult> Out { get; } = new("KafkaCommitter.out");
    public override FlowShape<CommittableOffset, KafkaCommitResult> Shape { get; }
    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("kafkaCommitter");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : TimerGraphStageLogic, IInHandler, IOutHandler
    {
        private readonly CommitterStage _stage;
        private readonly HashSet<ICommitTarget> _dirty = [];
        private readonly Dictionary<TopicPartition, TopicPartitionOffset> _resultOffsets = [];
        private Action<Task<CommitOutcome[]>>? _onCommitted;
        private int _stagedSinceCommit;
        private int _resultDropped;
        private bool _hasResult;
        private bool _inFlight;
        private bool _commitAgain;

        public Logic(CommitterStage stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
        }

        private KafkaCommitterSettings Settings => _stage._settings;

        public override void PreStart()
        {
            _onCommitted = GetAsyncCallback<Task<CommitOutcome[]>>(OnCommitted);
            Pull(_stage.In);
        }

        public void OnPush()
        {
            var offset = Grab(_stage.In);
            switch (offset.Target.Stage(offset))
            {
                case StageOutcome.Staged:
                    _dirty.Add(offset.Target);
                    _stagedSinceCommit++;
                    break;
                case StageOutcome.NotAssigned:
                    _resultDropped++;
                    _hasResult = true;
                    Log.Info("Dropped offset {0}: its partition is no longer assigned to this consumer", offset);
                    break;
            }
            if (_stagedSinceCommit >= Settings.MaxBatch) Commit();
            else if (_stagedSinceCommit > 0 && !IsTimerActive(IntervalTimer)) ScheduleOnce(IntervalTimer, Settings.MaxInterval);
            TryPushResult();
            PullIfAllowed();
        }

        public void OnUpstreamFinish()
        {
            TryPushResult();
            FinishIfDone(commitRest: true);
        }

        public void OnUpstreamFailure(Exception e)
        {
            // What was handed over is durable: get it committed, then fail.
            foreach (var target in _dirty) _ = target.CommitStagedAsync();
            FailStage(e);
        }

        public void OnPull() => TryPushResult();

        public void OnDownstreamFinish(Exception cause)
        {
            foreach (var target in _dirty) _ = target.CommitStagedAsync();
            CompleteStage();
        }

        protected override void OnTimer(object timerKey) => Commit();

        private void Commit()
        {
            if (_inFlight)
            {
                _commitAgain = true;
                return;
            }
            CancelTimer(IntervalTimer);
            _stagedSinceCommit = 0;
            _commitAgain = false;
            if (_dirty.Count == 0) return;
            var targets = _dirty.ToList();
            _dirty.Clear();
            _inFlight = true;
            Task.WhenAll(targets.Select(t => t.CommitStagedAsync())).ContinueWith(_onCommitted!, TaskScheduler.Default);
        }

        private void OnCommitted(Task<CommitOutcome[]> task)
        {
            _inFlight = false;
            if (task.IsFaulted || task.IsCanceled)
            {
                FailStage(task.Exception?.GetBaseException() ?? new TaskCanceledException("Kafka commit was cancelled."));
                return;
            }
            foreach (var outcome in task.Result)
            {
                _resultDropped += outcome.Dropped;
                foreach (var committed in outcome.Committed) _resultOffsets[committed.TopicPartition] = committed;
            }
            _hasResult = true;
            if (_commitAgain || _stagedSinceCommit >= Settings.MaxBatch) Commit();
            TryPushResult();
            PullIfAllowed();
            if (IsClosed(_stage.In)) FinishIfDone(commitRest: true);
        }

        private void TryPushResult()
        {
            if (!_hasResult || !IsAvailable(_stage.Out)) return;
            Push(_stage.Out, new KafkaCommitResult(_resultOffsets.Values.ToList(), _resultDropped));
            _resultOffsets.Clear();
            _resultDropped = 0;
            _hasResult = false;
            if (IsClosed(_stage.In)) FinishIfDone(commitRest: false);
        }

        private void PullIfAllowed()
        {
            if (IsClosed(_stage.In) || HasBeenPulled(_stage.In)) return;
            if (_inFlight && _stagedSinceCommit >= Settings.MaxBatch) return;
            Pull(_stage.In);
        }

        private void FinishIfDone(bool commitRest)
        {
            if (commitRest && _dirty.Count > 0) Commit();
            if (!_inFlight && _dirty.Count == 0 && !_hasResult) CompleteStage();
        }
    }
}
