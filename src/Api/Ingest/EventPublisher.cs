using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streaming.Streams.Broker;
using Streaming.Streams.Kafka;

namespace Streaming.Api.Ingest;

/// <summary>
/// The node's one shared producer: idempotent, acks=all, Java-compatible murmur2 partitioning,
/// bounded in-flight memory. A request completes only once Kafka acknowledged its record;
/// anything else surfaces as <see cref="BrokerUnavailableException"/>, never as a silent drop.
/// </summary>
/// <remarks>
/// Hot path: records go out with <c>Produce</c> and a delivery callback rather than
/// <c>ProduceAsync</c>, so one batch request completes one task instead of one per record, and
/// delivery reports carry no marshalled fields (partition and offset are always present).
/// </remarks>
public sealed class EventPublisher : IDisposable
{
    private readonly KafkaEndpoint _endpoint;
    private readonly ILogger<EventPublisher> _logger;
    private readonly ConcurrentDictionary<string, long> _produced = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private IProducer<byte[]?, byte[]> _producer;

    public EventPublisher(KafkaEndpoint endpoint, ILogger<EventPublisher> logger)
    {
        _endpoint = endpoint;
        _logger = logger;
        _producer = Build();
    }

    /// <summary>Records acknowledged per topic since start.</summary>
    public IReadOnlyDictionary<string, long> Produced => _produced;

    public Task<Delivery> PublishAsync(string topic, byte[]? key, byte[] value, Headers headers, CancellationToken ct = default)
    {
        if (ct.IsCancellationRequested) return Task.FromCanceled<Delivery>(ct);
        var producer = Current();
        var pending = new PendingRecord(this, topic, producer);
        try
        {
            producer.Produce(topic, new Message<byte[]?, byte[]> { Key = key, Value = value, Headers = headers }, pending.OnDelivery);
        }
        catch (KafkaException e)
        {
            return Task.FromException<Delivery>(Unavailable(producer, e.Error, e));
        }
        return pending.Task;
    }

    /// <summary>
    /// Sends all records to one topic and completes once every one of them is acknowledged or failed;
    /// a failed record does not stop the others (the caller reports which were acknowledged).
    /// </summary>
    public Task<BatchOutcome> PublishBatchAsync(string topic, IReadOnlyList<OutgoingRecord> records)
    {
        var producer = Current();
        var batch = new PendingBatch(this, topic, producer, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var index = i;
            try
            {
                producer.Produce(topic, new Message<byte[]?, byte[]> { Key = record.Key, Value = record.Value, Headers = record.Headers },
                    report => batch.OnDelivery(index, report));
            }
            catch (KafkaException e)
            {
                batch.Fail(Unavailable(producer, e.Error, e));
            }
        }
        batch.Sealed();
        return batch.Task;
    }

    private void Count(string topic, long records) => _produced.AddOrUpdate(topic, records, (_, n) => n + records);

    private BrokerUnavailableException Unavailable(IProducer<byte[]?, byte[]> producer, Error error, Exception? inner = null)
    {
        // Rebuilding disposes the failed producer, which must not happen on its own delivery thread.
        if (error.IsFatal) ThreadPool.QueueUserWorkItem(_ => Rebuild(producer, error));
        return new BrokerUnavailableException(Describe(error), inner ?? new KafkaException(error));
    }

    private static string Describe(Error error) => error.Code switch
    {
        ErrorCode.Local_QueueFull => "The gateway's Kafka send queue is full; retry shortly.",
        ErrorCode.Local_MsgTimedOut => "Kafka did not acknowledge the record in time (broker unreachable?); retry shortly.",
        ErrorCode.Local_AllBrokersDown => "No Kafka broker is reachable; retry shortly.",
        _ => $"Kafka did not accept the record: {error.Reason}",
    };

    private IProducer<byte[]?, byte[]> Current()
    {
        lock (_gate) return _producer;
    }

    private IProducer<byte[]?, byte[]> Build()
    {
        var options = _endpoint.Options;
        return new KafkaProducerSettings(_endpoint.BootstrapServers)
        {
            Properties = options.Client,
            LingerMs = options.LingerMs,
            DeliveryTimeoutMs = options.DeliveryTimeoutMs,
            MaxQueuedKBytes = options.MaxInFlightKBytes,
            // Partition, offset and error are always reported; nothing else is read back.
            DeliveryReportFields = "none",
        }.CreateProducer(_logger);
    }

    /// <summary>An idempotent producer that hit a fatal error cannot send again; replace it (once).</summary>
    private void Rebuild(IProducer<byte[]?, byte[]> failed, Error error)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_producer, failed)) return;
            _logger.LogError("Kafka producer failed fatally ({Reason}); replacing it", error.Reason);
            _producer = Build();
        }
        failed.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _producer.Flush(TimeSpan.FromSeconds(5));
            _producer.Dispose();
        }
    }

    /// <summary>One record in flight; completes (asynchronously for its awaiter) on its delivery report.</summary>
    private sealed class PendingRecord(EventPublisher owner, string topic, IProducer<byte[]?, byte[]> producer)
        : TaskCompletionSource<Delivery>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
        {
            if (report.Error.IsError)
            {
                TrySetException(owner.Unavailable(producer, report.Error));
                return;
            }
            owner.Count(topic, 1);
            TrySetResult(new Delivery(topic, report.Partition.Value, report.Offset.Value));
        }
    }

    /// <summary>The records of one batch in flight; completes once all of them are settled.</summary>
    private sealed class PendingBatch(EventPublisher owner, string topic, IProducer<byte[]?, byte[]> producer, int count)
        : TaskCompletionSource<BatchOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private readonly Delivery?[] _deliveries = new Delivery?[count];
        private int _unsettled = count + 1; // +1 until every record has been handed to the producer
        private int _acknowledged;
        private BrokerUnavailableException? _failure;

        public void OnDelivery(int index, DeliveryReport<byte[]?, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Fail(owner.Unavailable(producer, report.Error));
                return;
            }
            _deliveries[index] = new Delivery(topic, report.Partition.Value, report.Offset.Value);
            Interlocked.Increment(ref _acknowledged);
            Settle();
        }

        public void Fail(BrokerUnavailableException failure)
        {
            Interlocked.CompareExchange(ref _failure, failure, null);
            Settle();
        }

        public void Sealed() => Settle();

        private void Settle()
        {
            if (Interlocked.Decrement(ref _unsettled) != 0) return;
            if (_acknowledged > 0) owner.Count(topic, _acknowledged);
            TrySetResult(new BatchOutcome(_deliveries, _failure));
        }
    }
}

/// <summary>A record to send: key, value and headers.</summary>
public readonly record struct OutgoingRecord(byte[]? Key, byte[] Value, Headers Headers);

/// <summary>
/// How a batch ended: per record where Kafka stored it (null when it was not acknowledged), and
/// the first failure, if any record failed.
/// </summary>
public sealed record BatchOutcome(IReadOnlyList<Delivery?> Deliveries, BrokerUnavailableException? Failure);
