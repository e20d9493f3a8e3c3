using Confluent.Kafka;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Streams.Cdc.Tests;

/// <summary>Conditions an operator must fix end RunAsync with a <see cref="CdcException"/> whose one-line message says what to do.</summary>
public sealed class FailureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_unreachable_database_is_reported_with_what_to_do()
    {
        using var kafka = Streaming.Streams.Kafka.EmbeddedKafkaCluster.Start();
        var options = new CdcOptions { ConnectionString = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=shop;Timeout=5" };
        using var connector = CdcConnector.Create(options, kafka.BootstrapServers);

        var error = await Assert.ThrowsAsync<CdcException>(() => connector.RunAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.Equal(CdcFailure.DatabaseUnreachable, error.Failure);
        Assert.Contains("unreachable", error.Message, StringComparison.Ordinal);
        Assert.Contains("Streaming:Cdc:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(CdcPhase.Failed, connector.Status.Phase);
    }

    [Fact]
    public async Task A_server_without_logical_wal_level_is_reported_with_what_to_do()
    {
        await using var bed = await CdcTestBed.StartAsync(output, new PostgresOptions { Settings = new Dictionary<string, string> { ["wal_level"] = "replica" } });
        await bed.ExecAsync("CREATE TABLE users (id int PRIMARY KEY)");
        using var connector = CdcConnector.Create(bed.Options("public.users"), bed.Bootstrap);

        var error = await Assert.ThrowsAsync<CdcException>(() => connector.RunAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.Equal(CdcFailure.WalLevelNotLogical, error.Failure);
        Assert.Contains("wal_level=replica", error.Message, StringComparison.Ordinal);
        Assert.Contains("wal_level = logical", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_missing_table_is_reported_with_what_to_do_and_nothing_is_created()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        await bed.ExecAsync("CREATE TABLE users (id int PRIMARY KEY)");
        using var connector = CdcConnector.Create(bed.Options("public.users", "public.orders"), bed.Bootstrap);

        var error = await Assert.ThrowsAsync<CdcException>(() => connector.RunAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.Equal(CdcFailure.TableMissing, error.Failure);
        Assert.Contains("public.orders", error.Message, StringComparison.Ordinal);
        Assert.Contains("Streaming:Cdc:Tables", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await bed.ScalarAsync<long>("SELECT count(*) FROM pg_replication_slots"));
        Assert.Equal(0L, await bed.ScalarAsync<long>("SELECT count(*) FROM pg_publication"));
    }

    [Theory]
    [InlineData("Bad-Slot", "SlotName")]
    [InlineData("", "Tables")]
    [InlineData("public.a.b", "Tables")]
    public async Task Invalid_options_are_reported_before_connecting(string value, string option)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = "127.0.0.1:1" }).Build();
        var options = option == "SlotName"
            ? new CdcOptions { SlotName = value }
            : new CdcOptions { Tables = value.Length == 0 ? [] : [value] };
        using var connector = new CdcConnector(options, producer);

        var error = await Assert.ThrowsAsync<CdcException>(() => connector.RunAsync(CancellationToken.None));

        Assert.Equal(CdcFailure.InvalidOptions, error.Failure);
        Assert.Contains($"Streaming:Cdc:{option}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tables_that_would_share_a_topic_are_refused()
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = "127.0.0.1:1" }).Build();
        using var connector = new CdcConnector(new CdcOptions { Tables = ["sales.users", "public.users"] }, producer);

        var error = await Assert.ThrowsAsync<CdcException>(() => connector.RunAsync(CancellationToken.None));

        Assert.Contains("'streaming.users'", error.Message, StringComparison.Ordinal);
    }
}
