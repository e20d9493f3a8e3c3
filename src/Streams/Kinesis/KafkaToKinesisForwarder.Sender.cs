using System.Collections;
using Amazon.Kinesis.Model;
using Microsoft.Extensions.Logging;

namespace Streaming.Streams.Kinesis;

public sealed partial class KafkaToKinesisForwarder
{
    // Sender state: touched only by the send loop.
    private readonly List<Outgoing> _pending = [];
    private readonly List<InFlight> _inFlight = [];
    private readonly HashSet<string> _inFlightKeys = new(StringComparer.Ordinal);
    private readonly List<PoisonReport> _poisonReports = [];
    private readonly List<RevokeRequest> _openRevocations = [];
    private DateTimeOffset _holdUntil = DateTimeOffset.MinValue;
    private int _requestFailures;
    private int _retryingRecords;
    private string? _lastFailure;

    private async Task SendLoopAsync()
    {
        Task? incomingWait = null;
        Task? revocationWait = null;
        var stopped = Task.Delay(Timeout.Infinite, _stopConsuming.Token);
        try
        {
            while (true)
            {
                Intake();
                TakeRevocations();
                CompleteRevocations();
                if (_stopConsuming.IsCancellationRequested) break;
                var now = _time.GetUtcNow();
                if (now >= _holdUntil) LaunchRequests(now);

                var waits = new List<Task>(_inFlight.Count + _poisonReports.Count + 4) { stopped };
                waits.AddRange(_inFlight.Select(f => f.Task));
                waits.AddRange(_poisonReports.Select(p => p.Task));
                waits.Add(incomingWait ??= _incoming.Reader.WaitToReadAsync().AsTask());
                waits.Add(revocationWait ??= _revocations.Reader.WaitToReadAsync().AsTask());
                using var timer = new CancellationTokenSource();
                if (NextWake(now) is { } wake) waits.Add(Task.Delay(wake - now, _time, timer.Token));
                await Task.WhenAny(waits).ConfigureAwait(false);
                await timer.CancelAsync().ConfigureAwait(false);
                if (incomingWait.IsCompleted) incomingWait = null;
                if (revocationWait.IsCompleted) revocationWait = null;
                Harvest(draining: false);
            }
        }
        catch (Exception e)
        {
            Fail($"sender crashed: {e.GetType().Name}: {e.Message}");
            _logger.LogError(e, "The Kinesis sender of {Topic} crashed", _definition.Topic);
        }
        finally
        {
            await DrainAsync().ConfigureAwait(false);
        }
    }

    private void Intake()
    {
        while (_incoming.Reader.TryRead(out var outgoing))
        {
            if (outgoing.PoisonReason is not null) StartPoisonReport(outgoing);
            // Arrivals carry increasing sequence numbers: appending keeps the queue in consumption order.
            else _pending.Add(outgoing);
        }
    }

    private void LaunchRequests(DateTimeOffset now)
    {
        while (_inFlight.Count < _settings.MaxInFlightRequests && _pending.Count > 0)
        {
            var chosen = BatchPlanner.Plan(new CandidateView(_pending, now), _inFlightKeys, _kinesis.Batch);
            if (chosen.Count == 0) return;
            var batch = new List<Outgoing>(chosen.Count);
            var partitions = new HashSet<int>();
            var next = 0;
            var write = 0;
            for (var read = 0; read < _pending.Count; read++)
            {
                if (next < chosen.Count && chosen[next] == read)
                {
                    var outgoing = _pending[read];
                    outgoing.Attempts++;
                    batch.Add(outgoing);
                    partitions.Add(outgoing.Partition);
                    _inFlightKeys.Add(outgoing.PartitionKey);
                    next++;
                }
                else
                {
                    _pending[write++] = _pending[read];
                }
            }
            _pending.RemoveRange(write, _pending.Count - write);
            _inFlight.Add(new InFlight(SendAsync(batch), batch, partitions));
        }
    }

    private async Task<SendResult> SendAsync(List<Outgoing> batch)
    {
        var request = new PutRecordsRequest { StreamName = _definition.Stream, Records = new List<PutRecordsRequestEntry>(batch.Count) };
        foreach (var outgoing in batch)
            request.Records.Add(new PutRecordsRequestEntry { PartitionKey = outgoing.PartitionKey, Data = new MemoryStream(outgoing.Data, writable: false) });
        try
        {
            var response = await _client.PutRecordsAsync(request, _abortRequests.Token).ConfigureAwait(false);
            var results = response.Records;
            if (results is null || results.Count != batch.Count)
                return SendResult.RequestFailed(FailureKind.Retryable, $"PutRecords answered {results?.Count ?? 0} results for {batch.Count} records");
            return SendResult.Answered(results.Select(r => string.IsNullOrEmpty(r.ErrorCode) ? null : new RecordError(r.ErrorCode, r.ErrorMessage ?? "")).ToList());
        }
        catch (OperationCanceledException) when (_abortRequests.IsCancellationRequested)
        {
            return SendResult.RequestFailed(FailureKind.Retryable, "aborted at stop");
        }
        catch (Exception e)
        {
            var (kind, reason) = FailureClassifier.ForException(e);
            return SendResult.RequestFailed(kind, reason);
        }
    }

    /// <summary>Settles finished requests and poison reports. While draining, nothing is sent again.</summary>
    private void Harvest(bool draining)
    {
        var now = _time.GetUtcNow();
        for (var i = 0; i < _inFlight.Count; i++)
        {
            var flight = _inFlight[i];
            if (!flight.Task.IsCompleted) continue;
            _inFlight.RemoveAt(i--);
            foreach (var outgoing in flight.Batch) _inFlightKeys.Remove(outgoing.PartitionKey);
            var result = flight.Task.Result;
            if (result.Errors is { } errors) HarvestAnswer(flight.Batch, errors, now, draining);
            else HarvestRequestFailure(flight.Batch, result.Kind, result.Reason!, now, draining);
        }
        for (var i = 0; i < _poisonReports.Count; i++)
        {
            var report = _poisonReports[i];
            if (!report.Task.IsCompleted) continue;
            _poisonReports.RemoveAt(i--);
            if (report.Task.Result is { } failure)
            {
                if (!draining) Fail($"reporting poison record {report.Record.Describe(_definition.Topic)} failed: {failure}");
                continue;
            }
            Interlocked.Increment(ref _poison);
            Settle(report.Record);
        }
        if (!draining) UpdateState();
    }

    private void HarvestAnswer(IReadOnlyList<Outgoing> batch, IReadOnlyList<RecordError?> errors, DateTimeOffset now, bool draining)
    {
        _requestFailures = 0;
        _holdUntil = DateTimeOffset.MinValue;
        var accepted = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var outgoing = batch[i];
            if (errors[i] is not { } error)
            {
                accepted++;
                Settle(outgoing);
                continue;
            }
            if (draining) continue;
            var reason = $"{error.Code}: {error.Message}";
            if (FailureClassifier.ForRecordError(error.Code) == FailureKind.Poison)
            {
                outgoing.PoisonReason = "Kinesis refused the record: " + reason;
                StartPoisonReport(outgoing);
                continue;
            }
            Retry(outgoing, reason, now, requestBackoff: false);
        }
        if (accepted > 0)
        {
            Interlocked.Add(ref _forwarded, accepted);
            lock (_gate) _lastForwardedAt = now;
        }
    }

    private void HarvestRequestFailure(IReadOnlyList<Outgoing> batch, FailureKind kind, string reason, DateTimeOffset now, bool draining)
    {
        if (draining) return;
        if (kind == FailureKind.Fatal)
        {
            Fail(reason);
            return;
        }
        // The endpoint or the stream as a whole is in trouble: hold every send, not only these records.
        _requestFailures++;
        _holdUntil = now + _kinesis.Retry.Delay(_requestFailures, NextUnit());
        _logger.LogWarning("PutRecords of {Count} records to {Stream} failed ({Failures} in a row), retrying: {Reason}", batch.Count, _definition.Stream, _requestFailures, reason);
        foreach (var outgoing in batch) Retry(outgoing, reason, now, requestBackoff: true);
    }

    private void Retry(Outgoing outgoing, string reason, DateTimeOffset now, bool requestBackoff)
    {
        _lastFailure = reason;
        Interlocked.Increment(ref _retries);
        if (!outgoing.Failed)
        {
            outgoing.Failed = true;
            _retryingRecords++;
        }
        if (_kinesis.Retry.Exhausted(outgoing.Attempts))
        {
            Fail($"record {outgoing.Describe(_definition.Topic)} not accepted after {outgoing.Attempts} attempts: {reason}");
            return;
        }
        bool current;
        lock (_gate) current = _ledger.IsCurrent(outgoing.Partition, outgoing.Generation);
        if (!current)
        {
            // Its partition was revoked meanwhile: the new owner sends it from the committed offset.
            Release(outgoing);
            return;
        }
        var delay = _kinesis.Retry.Delay(outgoing.Attempts, NextUnit());
        outgoing.NotBefore = requestBackoff && _holdUntil > now + delay ? _holdUntil : now + delay;
        var index = _pending.BinarySearch(outgoing, SeqOrder.Instance);
        _pending.Insert(index < 0 ? ~index : index, outgoing);
    }

    /// <summary>Accepted by Kinesis, or reported as poison: the ledger may commit past it.</summary>
    private void Settle(Outgoing outgoing)
    {
        lock (_gate) _ledger.Accept(outgoing.Partition, outgoing.Generation, outgoing.Offset);
        Release(outgoing);
    }

    private void Release(Outgoing outgoing)
    {
        if (outgoing.Failed) _retryingRecords--;
        Interlocked.Decrement(ref _buffered);
    }

    private void UpdateState()
    {
        if (_retryingRecords > 0 || _requestFailures > 0) SetState(ForwarderState.Retrying, _lastFailure);
        else SetState(ForwarderState.Running, null);
    }

    private DateTimeOffset? NextWake(DateTimeOffset now)
    {
        DateTimeOffset? wake = _holdUntil > now ? _holdUntil : null;
        foreach (var outgoing in _pending)
            if (outgoing.NotBefore > now && (wake is null || outgoing.NotBefore < wake)) wake = outgoing.NotBefore;
        return wake;
    }

    private void StartPoisonReport(Outgoing outgoing)
    {
        _logger.LogWarning("Poison record {Record} ({Bytes} bytes) is not forwarded to {Stream}: {Reason}; reported to {Sink}",
            outgoing.Describe(_definition.Topic), outgoing.Size, _definition.Stream, outgoing.PoisonReason,
            _poisonSink is null ? "the log only" : _settings.DeadLetterTopic.Length > 0 ? _settings.DeadLetterTopic : _poisonSink.GetType().Name);
        _poisonReports.Add(new PoisonReport(ReportPoisonAsync(outgoing), outgoing));
    }

    /// <returns>Null once reported; else why it could not be.</returns>
    private async Task<string?> ReportPoisonAsync(Outgoing outgoing)
    {
        if (_poisonSink is null) return null;
        var report = new PoisonRecord(KinesisEnvelope.Decode(outgoing.Data), _definition.Stream, outgoing.PoisonReason!, outgoing.Size, _time.GetUtcNow());
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _poisonSink.ReportAsync(report, _abortRequests.Token).ConfigureAwait(false);
                return null;
            }
            catch (OperationCanceledException) when (_abortRequests.IsCancellationRequested)
            {
                return "aborted at stop";
            }
            catch (Exception e)
            {
                if (_kinesis.Retry.Exhausted(attempt)) return $"{e.GetType().Name}: {e.Message}";
                _logger.LogWarning("Reporting poison record {Record} failed, retrying: {Error}", outgoing.Describe(_definition.Topic), e.Message);
                try
                {
                    await Task.Delay(_kinesis.Retry.Delay(attempt, NextUnit()), _time, _abortRequests.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return "aborted at stop";
                }
            }
        }
    }

    private void TakeRevocations()
    {
        while (_revocations.Reader.TryRead(out var revocation))
        {
            // Waiting records of these partitions are dropped: the next owner starts from the committed offset.
            for (var i = _pending.Count - 1; i >= 0; i--)
            {
                if (!revocation.Partitions.Contains(_pending[i].Partition)) continue;
                Release(_pending[i]);
                _pending.RemoveAt(i);
            }
            _openRevocations.Add(revocation);
        }
    }

    private void CompleteRevocations()
    {
        for (var i = 0; i < _openRevocations.Count; i++)
        {
            var revocation = _openRevocations[i];
            var busy = _inFlight.Any(f => f.Partitions.Overlaps(revocation.Partitions))
                || _poisonReports.Any(p => revocation.Partitions.Contains(p.Record.Partition));
            if (busy) continue;
            revocation.Done.TrySetResult();
            _openRevocations.RemoveAt(i--);
        }
    }

    private async Task DrainAsync()
    {
        var outstanding = _inFlight.Select(f => (Task)f.Task).Concat(_poisonReports.Select(p => p.Task)).ToList();
        if (outstanding.Count > 0)
        {
            try
            {
                await Task.WhenAll(outstanding).WaitAsync(_settings.StopTimeout, _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _logger.LogWarning("{Count} Kinesis requests of {Topic} were still in flight after {Timeout}; their records will be forwarded again", outstanding.Count(t => !t.IsCompleted), _definition.Topic, _settings.StopTimeout);
                await _abortRequests.CancelAsync().ConfigureAwait(false);
            }
        }
        Harvest(draining: true);
        _revocations.Writer.TryComplete();
        TakeRevocations();
        foreach (var revocation in _openRevocations) revocation.Done.TrySetResult();
        _openRevocations.Clear();
    }

    private double NextUnit()
    {
        lock (_random) return _random.NextDouble();
    }

    private sealed record RecordError(string Code, string Message);

    private sealed record SendResult(IReadOnlyList<RecordError?>? Errors, FailureKind Kind, string? Reason)
    {
        public static SendResult Answered(IReadOnlyList<RecordError?> errors) => new(errors, FailureKind.Retryable, null);

        public static SendResult RequestFailed(FailureKind kind, string reason) => new(null, kind, reason);
    }

    private sealed record InFlight(Task<SendResult> Task, IReadOnlyList<Outgoing> Batch, HashSet<int> Partitions);

    private sealed record PoisonReport(Task<string?> Task, Outgoing Record);

    private sealed class SeqOrder : IComparer<Outgoing>
    {
        public static SeqOrder Instance { get; } = new();

        public int Compare(Outgoing? x, Outgoing? y) => (x?.Seq ?? long.MinValue).CompareTo(y?.Seq ?? long.MinValue);
    }

    /// <summary>The waiting queue as the planner sees it, without copying it.</summary>
    private sealed class CandidateView(List<Outgoing> pending, DateTimeOffset now) : IReadOnlyList<BatchCandidate>
    {
        public BatchCandidate this[int index]
        {
            get
            {
                var outgoing = pending[index];
                return new BatchCandidate(outgoing.PartitionKey, outgoing.Size, outgoing.NotBefore <= now);
            }
        }

        public int Count => pending.Count;

        public IEnumerator<BatchCandidate> GetEnumerator()
        {
            for (var i = 0; i < pending.Count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
