using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Streaming.Nodes.Tests;

/// <summary>Where a node keeps its data, its own flags, and how a failed start is explained.</summary>
public sealed class NodeSettingsTests
{
    [Fact]
    public void The_embedded_broker_gets_a_database_emptied_at_start_and_an_external_cluster_one_that_is_kept()
    {
        var options = new PersistenceOptions { DataDirectory = "/var/lib/streaming" };
        Assert.Equal(("sqlite", "Data Source=/var/lib/streaming/embedded.db", "/var/lib/streaming/embedded.db"), options.Resolve(embeddedBroker: true));
        Assert.Equal(("sqlite", "Data Source=/var/lib/streaming/streaming.db", (string?)null), options.Resolve(embeddedBroker: false));
        // An explicit connection string is the user's: never emptied.
        Assert.Equal(("sqlite", "Data Source=x.db", (string?)null), (options with { ConnectionString = "Data Source=x.db" }).Resolve(embeddedBroker: true));
        Assert.Equal(("postgresql", "Host=db", (string?)null), new PersistenceOptions { Provider = "PostgreSQL", ConnectionString = "Host=db" }.Resolve(true));
    }

    [Fact]
    public void Impossible_persistence_settings_say_what_to_set()
    {
        Assert.Contains("Streaming__Persistence__ConnectionString", Assert.Throws<StartupException>(() => new PersistenceOptions { Provider = "postgresql" }.Resolve(false)).Message,
            StringComparison.Ordinal);
        Assert.Contains("use sqlite or postgresql", Assert.Throws<StartupException>(() => new PersistenceOptions { Provider = "mysql" }.Resolve(false)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_nodes_flags_stand_for_settings()
    {
        Assert.Equal([new KeyValuePair<string, string?>("Streaming:Demo:Enabled", "true"), new("Streaming:Persistence:DataDirectory", "/d")],
            CommandLineFlags.Settings(["--demo", "--data-dir", "/d"]).ToList());
        Assert.Equal([new KeyValuePair<string, string?>("Streaming:Persistence:DataDirectory", "/e")], CommandLineFlags.Settings(["--data-dir=/e"]).ToList());
        Assert.Empty(CommandLineFlags.Settings(["--Streaming:Kafka:Partitions=3"]));
        Assert.Contains("--data-dir needs a directory", Assert.Throws<StartupException>(() => CommandLineFlags.Settings(["--data-dir"]).ToList()).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Failures_a_setting_causes_are_explained_in_one_line_and_others_are_not()
    {
        Assert.Equal("no", StartupFailure.Explain(new InvalidOperationException("wrapped", new StartupException("no"))));
        Assert.Contains("invalid setting: x is bad", StartupFailure.Explain(new OptionsValidationException("x", typeof(object), ["x is bad"])), StringComparison.Ordinal);
        Assert.Contains("Streaming__Gateway__Urls", StartupFailure.Explain(new IOException("Failed to bind", new SocketException((int)SocketError.AddressAlreadyInUse))),
            StringComparison.Ordinal);
        Assert.StartsWith("invalid setting: Failed to convert configuration value",
            StartupFailure.Explain(new InvalidOperationException("Failed to convert configuration value 'x' at 'A:B' to type 'System.Int32'.")), StringComparison.Ordinal);
        // A bug is not dressed up as a setting: its stack trace helps.
        Assert.Null(StartupFailure.Explain(new ArgumentNullException("value")));
        Assert.Null(StartupFailure.Explain(new InvalidOperationException("something else")));
    }
}
