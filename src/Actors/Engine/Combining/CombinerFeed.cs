using Akka.Actor;
using Streaming.Analytics.Keyed;
using Streaming.Engine.Processing;

namespace Streaming.Engine.Combining;

/// <summary>
/// Hands each partition's published results (as the combiner's part) and watermark to the combiner's entity, and
/// publishes the records it released. One feed serves all partitions of an analytic on a node and publishes each
/// release once; a release it published is confirmed with the next contribution (a new node republishes what is
/// unconfirmed, with the same id and bytes).
/// </summary>
public sealed class CombinerFeed<TOutput, TPart, TState, TRecord>(
    Combiner<TOutput, TPart, TState, TRecord> combiner, IActorRef entity, IResultSink sink, int partitionCount, TimeSpan timeout) : ICombinerFeed<TOutput>
    where TPart : class
    where TState : class
    where TRecord : class
{
    private readonly Lock _gate = new();
    private readonly List<string> _published = [];
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);

    public async Task ContributeAsync(int partition, IReadOnlyList<TOutput> published, DateTimeOffset watermark, bool active)
    {
        string[] confirmed;
        lock (_gate)
        {
            confirmed = [.. _published];
            _published.Clear();
        }
        var contribution = new CombinerContribution(combiner.Name, partition, partitionCount, combiner.EncodePart(combiner.Part(published)), watermark, active, [.. confirmed]);
        var accepted = await AskAsync(contribution);
        List<ReleasedRecord> due;
        lock (_gate)
        {
            var unpublished = accepted.Unpublished.IsDefault ? [] : accepted.Unpublished;
            // Confirmed and forgotten by the combiner: never released again. Another partition may be publishing a release right now.
            _sent.ExceptWith(confirmed.Where(id => !unpublished.Any(r => r.Id == id)));
            due = [.. unpublished.Where(r => _sent.Add(r.Id))];
        }
        if (due.Count == 0) return;
        try
        {
            await sink.PublishAsync([.. due.Select(r => combiner.Emit(combiner.DecodeRecord(r.Record)))]);
        }
        catch
        {
            lock (_gate) _sent.ExceptWith(due.Select(r => r.Id));
            throw;
        }
        lock (_gate) _published.AddRange(due.Select(r => r.Id));
    }

    /// <summary>
    /// Asks in short attempts until <c>timeout</c>: when the combiner's node dies, a contribution sent to it is lost,
    /// and sharding starts the combiner elsewhere only once that node is removed — one long ask would outwait that and
    /// restart every partition of this node. Sending a contribution again is safe: the combiner takes a partition's
    /// results by their ids, as it does when a processor replays them after a restart.
    /// </summary>
    private async Task<CombinerAccepted> AskAsync(CombinerContribution contribution)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var attempt = TimeSpan.FromTicks(Math.Min(AttemptTimeout.Ticks, Math.Max(1, (deadline - DateTime.UtcNow).Ticks)));
            try
            {
                return await entity.Ask<CombinerAccepted>(contribution, attempt);
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);
}

/// <summary>Builds a combiner's feed with its types.</summary>
public sealed class CombinerFeedFactory<TOutput>(IActorRef entity, IResultSink sink, int partitionCount, TimeSpan timeout) : ICombinerVisitor<TOutput, ICombinerFeed<TOutput>>
{
    public ICombinerFeed<TOutput> Visit<TPart, TState, TRecord>(Combiner<TOutput, TPart, TState, TRecord> combiner)
        where TPart : class where TState : class where TRecord : class =>
        new CombinerFeed<TOutput, TPart, TState, TRecord>(combiner, entity, sink, partitionCount, timeout);
}
