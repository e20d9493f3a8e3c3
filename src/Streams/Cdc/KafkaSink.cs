using System.Text;
using Confluent.Kafka;

namespace Streaming.Streams.Cdc;

/// <summary>
/// Hands records to the one producer in the order they are given (so a key's records keep commit order), at most
/// <c>maxInFlight</c> unacknowledged at a time, counting each against its transaction in an <see cref="AckTracker"/>.
/// </summary>
internal sealed class KafkaSink(IProducer<byte[]?, byte[]?> producer, int maxInFlight)
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(1);

    public IProducer<byte[]?, byte[]?> Producer => producer;

    public async ValueTask SendAsync(OutgoingRecord record, AckTracker tracker, AckTracker.Transaction tx, CancellationToken ct)
    {
        while (tracker.InFlight >= maxInFlight)
        {
            ThrowIfFailed(tracker);
            await Task.Delay(Pause, ct).ConfigureAwait(false);
        }
        ThrowIfFailed(tracker);
        var message = new Message<byte[]?, byte[]?> { Key = record.Key, Value = record.Value };
        if (record.Header is not null)
            message.Headers = [new Header(record.Header, record.HeaderValue ?? Encoding.UTF8.GetBytes("null"))];
        var handler = record.IsTombstone ? tx.OnTombstoneDelivered : tx.OnChangeDelivered;
        tracker.Sending(tx);
        while (true)
        {
            try
            {
                producer.Produce(record.Topic, message, handler);
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // librdkafka's own queue is full (a producer shared with other writers): wait for it to drain.
                await Task.Delay(Pause, ct).ConfigureAwait(false);
            }
            catch (ProduceException<byte[]?, byte[]?> ex)
            {
                tracker.NotSent(tx);
                throw new KafkaDeliveryException(ex.Error);
            }
            catch
            {
                tracker.NotSent(tx);
                throw;
            }
        }
    }

    /// <summary>Waits until Kafka has acknowledged (or refused) everything sent through <paramref name="tracker"/>,
    /// at most <paramref name="timeout"/>; true when nothing is left in flight.</summary>
    public async Task<bool> DrainAsync(AckTracker tracker, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (tracker.InFlight > 0)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return false;
            // Flush also makes librdkafka send lingering batches at once.
            var slice = left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200);
            await Task.Run(() => producer.Flush(slice), ct).ConfigureAwait(false);
        }
        return true;
    }

    public static void ThrowIfFailed(AckTracker tracker)
    {
        if (tracker.Failure is { } error) throw new KafkaDeliveryException(error);
    }
}
