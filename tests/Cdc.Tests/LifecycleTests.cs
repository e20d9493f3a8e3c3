using System.Diagnostics.Metrics;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Streams.Cdc.Tests;

public sealed class LifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_graceful_stop_confirms_what_Kafka_acknowledged_so_the_next_start_repeats_nothing()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        bed.CreateTopic("streaming.users");
        bed.CreateTopic("streaming.orders");
        await bed.ExecAsync(ShopReference.CreateTables);
        var reference = new ShopReference();
        var workload = new ShopWorkload(reference, seed: 5);
        await workload.SeedAsync(bed.ConnectionString, users: 10, orders: 10);
        // A status interval longer than the test: only the graceful stop can have confirmed the changes.
        var options = bed.Options("public.users", "public.orders") with { StatusInterval = TimeSpan.FromMinutes(10) };

        var first = bed.Run(options);
        await Eventually.Until(() => first.Connector.Status.Phase == CdcPhase.Streaming, TimeSpan.FromSeconds(60), "the connector streams");
        await workload.RunAsync(bed.ConnectionString, transactions: 40);
        var written = await bed.ScalarAsync<string>("SELECT pg_current_wal_lsn()::text");
        await Eventually.Until(() => first.Connector.Status.InFlight == 0 && first.Connector.Status.ChangesPublished > 20, TimeSpan.FromSeconds(60), "Kafka acknowledged the changes");
        await first.StopAsync();
        Assert.Equal(CdcPhase.Stopped, first.Connector.Status.Phase);
        await first.DisposeAsync();
        var confirmed = await bed.ScalarAsync<bool>($"SELECT confirmed_flush_lsn >= '{written}'::pg_lsn FROM pg_replication_slots");
        Assert.True(confirmed, "the slot is confirmed past the last write");

        await workload.RunAsync(bed.ConnectionString, transactions: 10);
        await using var second = bed.Run(options with { StatusInterval = TimeSpan.FromMilliseconds(100) });
        await bed.WaitUntilCaughtUpAsync();
        Assert.Equal(0, TopicAssert.MatchesReference(bed.ReadTopic("streaming.users"), reference.Records["streaming.users"])
            + TopicAssert.MatchesReference(bed.ReadTopic("streaming.orders"), reference.Records["streaming.orders"]));
    }

    [Fact]
    public async Task The_lag_is_the_WAL_between_the_server_and_the_confirmed_position()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        bed.CreateTopic("streaming.users");
        await bed.ExecAsync("CREATE TABLE users (id int PRIMARY KEY, name text)");
        var options = bed.Options("public.users");
        var run = bed.Run(options);
        await Eventually.Until(() => run.Connector.Status.Phase == CdcPhase.Streaming, TimeSpan.FromSeconds(60), "the connector streams");
        await bed.ExecAsync("INSERT INTO users VALUES (1, 'a')");
        await Eventually.Until(async () => await run.Connector.MeasureLagAsync() is { Bytes: 0 }, TimeSpan.FromSeconds(60), "no lag");
        await run.StopAsync();
        await run.DisposeAsync();

        // Stopped: writes pile up in the WAL the slot holds.
        await bed.ExecAsync("INSERT INTO users SELECT g, repeat('x', 100) FROM generate_series(2, 1001) g");
        using var idle = CdcConnector.Create(options, bed.Bootstrap);
        var lag = await idle.MeasureLagAsync();
        Assert.NotNull(lag);
        var expected = await bed.ScalarAsync<decimal>("SELECT pg_current_wal_lsn() - confirmed_flush_lsn FROM pg_replication_slots");
        Assert.True(lag.Bytes > 100_000, $"lag {lag.Bytes}");
        Assert.InRange(lag.Bytes, (long)expected - 10_000, (long)expected);
    }

    [Fact]
    public async Task While_running_the_lag_gauge_reports_the_WAL_the_slot_retains()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        bed.CreateTopic("streaming.users");
        await bed.ExecAsync("CREATE TABLE users (id int PRIMARY KEY, name text)");
        // A status interval longer than the test: nothing is confirmed while it runs, so the changes stay in the slot's lag.
        var options = bed.Options("public.users") with { StatusInterval = TimeSpan.FromMinutes(10), LagInterval = TimeSpan.FromMilliseconds(100) };
        await using var run = bed.Run(options);
        await Eventually.Until(() => run.Connector.Status.Phase == CdcPhase.Streaming, TimeSpan.FromSeconds(60), "the connector streams");
        using var listener = new MeterListener();
        var exported = new Dictionary<string, long>();
        listener.InstrumentPublished = (i, l) =>
        {
            if (ReferenceEquals(i.Meter, run.Connector.Meter) && i.Name == "streaming_cdc_slot_lag_bytes") l.EnableMeasurementEvents(i);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "slot") exported[(string)tag.Value!] = value;
        });
        listener.Start();

        await bed.ExecAsync("INSERT INTO users SELECT g, repeat('x', 100) FROM generate_series(1, 1000) g");
        await Eventually.Until(() =>
        {
            listener.RecordObservableInstruments();
            return exported.GetValueOrDefault(options.SlotName) > 100_000;
        }, TimeSpan.FromSeconds(60), "the gauge reports the WAL written since the slot's confirmed position");
        Assert.True(run.Connector.LastMeasuredLagBytes > 100_000, $"last measured {run.Connector.LastMeasuredLagBytes}");
        Assert.Single(exported);
    }
}
