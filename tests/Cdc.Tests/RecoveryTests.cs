using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Streams.Cdc.Tests;

/// <summary>
/// Crashes mid-stream: every change must still be in the topic, once or as a repeat identical down to
/// <c>source.lsn</c> (the unconfirmed tail replayed), and each key's changes in commit order.
/// </summary>
public sealed class RecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PostgreSQL_stopped_immediately_mid_stream_and_restarted_loses_nothing_and_repeats_only_identical_records()
    {
        // fsync on: the crash must not lose what PostgreSQL acknowledged to the writer.
        await using var bed = await CdcTestBed.StartAsync(output, fsync: true);
        bed.CreateTopic("streaming.users");
        bed.CreateTopic("streaming.orders");
        await bed.ExecAsync(ShopReference.CreateTables);
        var reference = new ShopReference();
        var workload = new ShopWorkload(reference, seed: 11);
        await workload.SeedAsync(bed.ConnectionString, users: 20, orders: 20);
        // A slow confirmation leaves an unconfirmed tail for the crash to cut into.
        await using var run = bed.Run(bed.Options("public.users", "public.orders") with { StatusInterval = TimeSpan.FromSeconds(1) });
        await Eventually.Until(() => run.Connector.Status.Phase == CdcPhase.Streaming, TimeSpan.FromSeconds(60), "the connector streams");

        await workload.RunAsync(bed.ConnectionString, transactions: 150);
        var before = run.Connector.Status;
        await bed.Postgres.StopAsync(immediate: true);
        output.WriteLine($"crashed PostgreSQL with {before.ChangesPublished} changes acknowledged, confirmed {before.ConfirmedLsn}");
        await Eventually.Until(() => run.Connector.Status.Phase == CdcPhase.Reconnecting, TimeSpan.FromSeconds(60), "the connector notices");
        await bed.Postgres.RestartAsync();

        await workload.RunAsync(bed.ConnectionString, transactions: 150);
        await bed.WaitUntilCaughtUpAsync();
        Assert.Equal(CdcPhase.Streaming, run.Connector.Status.Phase);

        var repeats = TopicAssert.MatchesReference(bed.ReadTopic("streaming.users"), reference.Records["streaming.users"], allowReplays: true)
            + TopicAssert.MatchesReference(bed.ReadTopic("streaming.orders"), reference.Records["streaming.orders"], allowReplays: true);
        output.WriteLine($"{repeats} records repeated after the crash");
    }

    [Fact]
    public async Task The_connector_process_killed_mid_stream_and_restarted_loses_nothing_and_repeats_only_identical_records()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        bed.CreateTopic("streaming.users");
        bed.CreateTopic("streaming.orders");
        await bed.ExecAsync(ShopReference.CreateTables);
        var reference = new ShopReference();
        var workload = new ShopWorkload(reference, seed: 13);
        await workload.SeedAsync(bed.ConnectionString, users: 20, orders: 20);

        using (var first = ConnectorProcess.Start(bed.ConnectionString, bed.Bootstrap, "streaming_cdc", "streaming_cdc", "public.users,public.orders", output.WriteLine))
        {
            await Eventually.Until(() => first.Lines.Any(l => l.Contains("phase=Streaming", StringComparison.Ordinal)), TimeSpan.FromSeconds(90), "the first process streams");
            // Writes keep coming while the process dies: the kill lands between records, transactions, acknowledgements.
            var writing = workload.RunAsync(bed.ConnectionString, transactions: 200);
            await Eventually.Until(() => first.Changes > 40 + 50, TimeSpan.FromSeconds(60), "the first process publishes streamed changes");
            first.Kill();
            await writing;
        }
        var confirmed = await bed.ScalarAsync<string>("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = 'streaming_cdc'");
        output.WriteLine($"slot confirmed at {confirmed} after the kill");

        using var second = ConnectorProcess.Start(bed.ConnectionString, bed.Bootstrap, "streaming_cdc", "streaming_cdc", "public.users,public.orders", output.WriteLine);
        await workload.RunAsync(bed.ConnectionString, transactions: 100);
        await bed.WaitUntilCaughtUpAsync();
        // The second process resumed from the slot: no second snapshot.
        Assert.DoesNotContain(second.Lines, l => l.Contains("snapshot started", StringComparison.Ordinal));

        var repeats = TopicAssert.MatchesReference(bed.ReadTopic("streaming.users"), reference.Records["streaming.users"], allowReplays: true)
            + TopicAssert.MatchesReference(bed.ReadTopic("streaming.orders"), reference.Records["streaming.orders"], allowReplays: true);
        output.WriteLine($"{repeats} records repeated after the kill");
    }
}
