using System.Collections.Immutable;
using System.Data.Common;
using System.Diagnostics.Metrics;
using Streaming.Analytics.Sessions;
using Streaming.Engine.Processing;
using Streaming.Engine.State;
using Streaming.Engine.Tests.Support;

namespace Streaming.Engine.Tests.Processing;

/// <summary>
/// The checkpoint-failure counter that deploy/prometheus/alerts.yml (StreamingCheckpointsFailing) alerts on: a write
/// the store refused is counted under the exported instrument name; a write that lands is not.
/// </summary>
public sealed class CheckpointFailureMetricTests
{
    private static readonly DateTimeOffset T = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // A partition number no other test's driver uses: the listener hears every EngineMetrics of the test run.
    private const int Partition = 41;

    [Fact]
    public async Task A_checkpoint_write_that_fails_is_counted_under_its_partition()
    {
        var store = new FailingCommitStore(new MemoryPartitionStore());
        using var driver = new ProcessorDriver<SessionEvent, UserSession>(new SessionsAnalytic(new SessionOptions(TimeSpan.FromMinutes(5))), Partition, store,
            eventTime: new EventTimeOptions { IdleAfter = TimeSpan.FromMinutes(1) });
        using var failures = new CounterListener("Streaming.Engine", "streaming_engine_checkpoint_failures", driver.PartitionId);
        await driver.StartAsync();
        // Every step checkpoints (interval zero) and lands the previous step's checkpoint.
        await driver.StepAsync(0, Visit("a", T));
        await driver.StepAsync(1, Visit("b", T.AddSeconds(1)));
        Assert.Equal(0, failures.Total);

        store.Fail = true;
        await driver.StepAsync(2, Visit("c", T.AddSeconds(2)));
        await Assert.ThrowsAnyAsync<DbException>(() => driver.StepAsync(3, Visit("d", T.AddSeconds(3))));

        Assert.Equal(1, failures.Total);
        Assert.Equal(1, driver.Metrics.Totals["checkpoint_failures"]);
        Assert.Equal(2, driver.Metrics.Totals["checkpoints"]);
    }

    private static byte[] Visit(string id, DateTimeOffset at) => InputJson.Of(new SessionEvent(id, "u1", at, "page_view", "/", null));

    /// <summary>Sums one counter's measurements tagged with one partition.</summary>
    private sealed class CounterListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public CounterListener(string meter, string instrument, string partition)
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == meter && i.Name == instrument) l.EnableMeasurementEvents(i);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "partition" && Equals(tag.Value, partition)) Interlocked.Add(ref _total, value);
            });
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }

    private sealed class StoreDown() : DbException("the state database is down");

    /// <summary>The in-memory store, whose checkpoint writes throw while <see cref="Fail"/> is set.</summary>
    private sealed class FailingCommitStore(IPartitionStore inner) : IPartitionStore
    {
        public volatile bool Fail;

        public Task<bool> CommitAsync(CheckpointWrite write, CancellationToken ct = default) =>
            Fail ? Task.FromException<bool>(new StoreDown()) : inner.CommitAsync(write, ct);

        public Task InitializeAsync(CancellationToken ct = default) => inner.InitializeAsync(ct);
        public Task<StoredPartition> ReadAsync(string partitionId, CancellationToken ct = default) => inner.ReadAsync(partitionId, ct);
        public Task<PartitionOpen> OpenAsync(string partitionId, string owner, bool fresh, CancellationToken ct = default) => inner.OpenAsync(partitionId, owner, fresh, ct);
        public Task CloseAsync(string partitionId, long epoch, CancellationToken ct = default) => inner.CloseAsync(partitionId, epoch, ct);
        public Task<StoredState?> LoadAsync(StateKey key, CancellationToken ct = default) => inner.LoadAsync(key, ct);
        public Task<IReadOnlyList<TimerRow>> TimersAsync(string partitionId, TimerRow? after, int limit, CancellationToken ct = default) => inner.TimersAsync(partitionId, after, limit, ct);
        public Task SaveStampsAsync(string partitionId, ImmutableArray<ResultStamp> stamps, CancellationToken ct = default) => inner.SaveStampsAsync(partitionId, stamps, ct);
        public Task ResetAsync(string partitionId, CancellationToken ct = default) => inner.ResetAsync(partitionId, ct);
        public Task<long> CountStatesAsync(string partitionId, CancellationToken ct = default) => inner.CountStatesAsync(partitionId, ct);
    }
}
