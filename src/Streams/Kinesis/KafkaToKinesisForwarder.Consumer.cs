using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streaming.Streams.Kinesis;

public sealed partial class KafkaToKinesisForwarder
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    // Consumer thread only.
    private long _nextSeq;
    private bool _paused;
    private volatile bool _assignmentChanged;

    // Assigned partition numbers, for the watermark reader (replaced whole, never mutated).
    private volatile IReadOnlyList<int> _assigned = [];

    private void ConsumeLoop()
    {
        Task watermarks = Task.CompletedTask;
        try
        {
            using var consumer = BuildConsumer();
            consumer.Subscribe(_definition.Topic);
            watermarks = Task.Run(ReadWatermarksAsync);
            var nextCommit = _time.GetUtcNow() + _settings.CommitInterval;
            while (!_stopConsuming.IsCancellationRequested)
            {
                ApplyBackpressure(consumer);
                ConsumeResult<byte[]?, byte[]?>? result;
                try
                {
                    result = consumer.Consume(PollTimeout);
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    _logger.LogWarning("Consuming {Topic} failed, will retry: {Error}", _definition.Topic, e.Error.Reason);
                    continue;
                }
                if (result is { IsPartitionEOF: false, Message: not null }) Hand(result);
                var now = _time.GetUtcNow();
                if (now >= nextCommit)
                {
                    Commit(consumer, null);
                    nextCommit = now + _settings.CommitInterval;
                }
            }
            // The sender finishes its requests in flight first, so what they had accepted is committed below.
            WaitForSender();
            Commit(consumer, null);
            consumer.Close();
        }
        catch (Exception e) when (e is KafkaException or ArgumentException or InvalidOperationException)
        {
            Fail($"Kafka consumer: {e.Message}");
            WaitForSender();
        }
        finally
        {
            RequestStop();
            try
            {
                watermarks.Wait(_settings.StopTimeout);
            }
            catch (AggregateException e)
            {
                _logger.LogWarning(e, "The watermark reader of {Topic} failed", _definition.Topic);
            }
            SetFinalState(ForwarderState.Stopped, null);
            _logger.LogInformation("Forwarding {Topic} to {Stream} stopped", _definition.Topic, _definition.Stream);
            _completion.TrySetResult();
        }
    }

    private ConsumerConfig KafkaConfig()
    {
        var config = new ConsumerConfig
        {
            FetchWaitMaxMs = (int)_settings.FetchWaitMax.TotalMilliseconds,
        };
        foreach (var (key, value) in _settings.KafkaProperties) config.Set(key, value);
        config.BootstrapServers = _settings.BootstrapServers;
        config.GroupId = _definition.EffectiveGroup;
        // Progress is committed only from the acceptance ledger.
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        return config;
    }

    private IConsumer<byte[]?, byte[]?> BuildConsumer()
    {
        var config = KafkaConfig();
        config.ClientId ??= $"kinesis-forwarder.{_definition.Topic}.{_definition.Stream}";
        config.AutoOffsetReset = _definition.StartFrom;
        config.GroupProtocol = _settings.GroupProtocol;
        if (_settings.GroupProtocol == GroupProtocol.Classic)
            config.PartitionAssignmentStrategy ??= PartitionAssignmentStrategy.CooperativeSticky;
        return new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                _logger.LogInformation("Forwarding {Topic} to {Stream}: assigned partitions {Partitions}", _definition.Topic, _definition.Stream, string.Join(",", partitions.Select(p => p.Partition.Value)));
                _assigned = _assigned.Union(partitions.Select(p => p.Partition.Value)).Order().ToList();
                _assignmentChanged = true;
                SetState(ForwarderState.Running, null);
            })
            .SetPartitionsRevokedHandler((c, partitions) => Revoke(c, partitions.Select(p => p.TopicPartition).ToList()))
            .SetPartitionsLostHandler((c, partitions) => Revoke(c, partitions.Select(p => p.TopicPartition).ToList()))
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal) Fail($"Kafka consumer fatal error: {error.Reason}");
                else _logger.LogWarning("Kafka consumer of {Topic}: {Error}", _definition.Topic, error.Reason);
            })
            .Build();
    }

    private void Hand(ConsumeResult<byte[]?, byte[]?> result)
    {
        var message = result.Message;
        var partition = result.Partition.Value;
        var offset = result.Offset.Value;
        long? timestamp = message.Timestamp.Type == TimestampType.NotAvailable ? null : message.Timestamp.UnixTimestampMs;
        var headers = message.Headers is { Count: > 0 } hs
            ? hs.Select(h => new KeyValuePair<string, byte[]?>(h.Key, h.GetValueBytes())).ToList()
            : (IReadOnlyList<KeyValuePair<string, byte[]?>>)[];
        var record = new KafkaRecord(result.Topic, partition, offset, message.Key, message.Value, timestamp, message.Timestamp.Type switch
        {
            TimestampType.CreateTime => KafkaTimestampType.Create,
            TimestampType.LogAppendTime => KafkaTimestampType.LogAppend,
            _ => KafkaTimestampType.None,
        }, headers);
        var key = PartitionKeys.For(message.Key, partition, offset, _definition.NullKeys);
        var data = KinesisEnvelope.Encode(record);
        var size = data.Length + Encoding.UTF8.GetByteCount(key);
        int generation;
        lock (_gate) generation = _ledger.Track(partition, offset, timestamp);
        var outgoing = new Outgoing
        {
            Seq = _nextSeq++,
            Partition = partition,
            Generation = generation,
            Offset = offset,
            PartitionKey = key,
            Data = data,
            Size = size,
            PoisonReason = size > _kinesis.Batch.MaxRecordBytes
                ? string.Create(CultureInfo.InvariantCulture, $"record of {size} bytes (envelope and partition key) exceeds the Kinesis record limit of {_kinesis.Batch.MaxRecordBytes} bytes")
                : null,
        };
        Interlocked.Increment(ref _buffered);
        _incoming.Writer.TryWrite(outgoing);
    }

    /// <summary>Pauses every assigned partition while the sender holds too many records; resumes at half.</summary>
    private void ApplyBackpressure(IConsumer<byte[]?, byte[]?> consumer)
    {
        var buffered = Volatile.Read(ref _buffered);
        if (buffered >= _settings.MaxBufferedRecords && (!_paused || _assignmentChanged))
        {
            _assignmentChanged = false;
            consumer.Pause(consumer.Assignment);
            _paused = true;
        }
        else if (_paused && buffered <= _settings.MaxBufferedRecords / 2)
        {
            consumer.Resume(consumer.Assignment);
            _paused = false;
        }
    }

    /// <summary>Commits the ledger's committable offsets (of <paramref name="only"/>, or of every partition) that moved.</summary>
    private void Commit(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyCollection<int>? only)
    {
        var offsets = new List<TopicPartitionOffset>();
        lock (_gate)
        {
            foreach (var partition in only ?? _ledger.Partitions)
            {
                if (_ledger.Committable(partition) is not { } next) continue;
                if (_committed.TryGetValue(partition, out var last) && last == next) continue;
                offsets.Add(new TopicPartitionOffset(_definition.Topic, partition, next));
            }
        }
        if (offsets.Count == 0) return;
        try
        {
            consumer.Commit(offsets);
            lock (_gate)
                foreach (var tpo in offsets) _committed[tpo.Partition.Value] = tpo.Offset.Value;
        }
        catch (KafkaException e)
        {
            _logger.LogWarning("Committing offsets of {Topic} failed, will retry: {Error}", _definition.Topic, e.Error.Reason);
        }
    }

    /// <summary>
    /// Reads high watermarks and the group's committed offsets for the status through a client of its own:
    /// on the consumer's connection such a request waits behind the long-polling fetch.
    /// </summary>
    private async Task ReadWatermarksAsync()
    {
        using var reader = new ConsumerBuilder<Ignore, Ignore>(KafkaConfig()).Build();
        var timeout = _settings.WatermarkRefreshInterval < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : _settings.WatermarkRefreshInterval;
        while (!_stopConsuming.IsCancellationRequested)
        {
            var partitions = _assigned.Select(p => new TopicPartition(_definition.Topic, p)).ToList();
            if (partitions.Count > 0)
            {
                try
                {
                    var committed = reader.Committed(partitions, timeout).ToDictionary(t => t.Partition.Value, t => t.Offset.Value);
                    foreach (var tp in partitions)
                    {
                        var marks = reader.QueryWatermarkOffsets(tp, timeout);
                        lock (_gate)
                        {
                            if (_assigned.Contains(tp.Partition.Value))
                                _watermarks[tp.Partition.Value] = new PartitionWatermarks(marks.Low.Value, marks.High.Value, committed.TryGetValue(tp.Partition.Value, out var c) && c >= 0 ? c : null);
                        }
                    }
                }
                catch (KafkaException e)
                {
                    _logger.LogDebug("Reading watermarks of {Topic} failed: {Error}", _definition.Topic, e.Error.Reason);
                }
            }
            try
            {
                await Task.Delay(_settings.WatermarkRefreshInterval, _time, _stopConsuming.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Partitions leave this member: the sender drops their waiting records and finishes their requests
    /// in flight (so the next owner cannot overtake them), then what was accepted is committed.
    /// </summary>
    private void Revoke(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<TopicPartition> partitions)
    {
        var numbers = partitions.Select(p => p.Partition.Value).ToHashSet();
        if (numbers.Count == 0) return;
        _logger.LogInformation("Forwarding {Topic} to {Stream}: partitions {Partitions} revoked", _definition.Topic, _definition.Stream, string.Join(",", numbers));
        _assigned = _assigned.Except(numbers).ToList();
        _assignmentChanged = true;
        var request = new RevokeRequest(numbers, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        // The writer is completed once the sender has stopped: then nothing of these partitions is in flight.
        if (_revocations.Writer.TryWrite(request))
        {
            if (!request.Done.Task.Wait(_settings.StopTimeout))
                _logger.LogWarning("Requests in flight for revoked partitions {Partitions} did not finish within {Timeout}; their records will be forwarded again", string.Join(",", numbers), _settings.StopTimeout);
        }
        Commit(consumer, numbers);
        lock (_gate)
        {
            foreach (var partition in numbers)
            {
                _ledger.Drop(partition);
                _watermarks.Remove(partition);
                _committed.Remove(partition);
            }
        }
    }

    private void WaitForSender()
    {
        try
        {
            // The sender bounds its own wait by StopTimeout; the margin covers its last bookkeeping.
            if (!_sender.Wait(_settings.StopTimeout + TimeSpan.FromSeconds(5)))
                _logger.LogWarning("The Kinesis sender of {Topic} did not stop in time", _definition.Topic);
        }
        catch (AggregateException e)
        {
            _logger.LogError(e, "The Kinesis sender of {Topic} crashed", _definition.Topic);
        }
    }
}
