namespace Streaming.Nodes;

/// <summary>Settings of section <c>Streaming:Persistence</c>: where entity state and checkpoints live.</summary>
public sealed record PersistenceOptions
{
    public const string Section = "Streaming:Persistence";

    /// <summary>"sqlite" (default, a file in <see cref="DataDirectory"/>) or "postgresql" (needs <see cref="ConnectionString"/>).</summary>
    public string Provider { get; init; } = "sqlite";

    /// <summary>
    /// Where the SQLite database lives (also <c>--data-dir</c>): <c>streaming.db</c> for a real Kafka cluster, and
    /// <c>embedded.db</c> for the embedded broker — emptied at every start, because the embedded broker keeps its
    /// topics in memory and starts empty, so no state of an earlier run has records to belong to.
    /// </summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>Connection string; empty (default) uses the SQLite file in <see cref="DataDirectory"/>. Required for PostgreSQL.</summary>
    public string ConnectionString { get; init; } = "";

    /// <summary>The provider and connection string the node uses, and the SQLite file to empty at start (embedded broker only).</summary>
    public (string Provider, string ConnectionString, string? FreshFile) Resolve(bool embeddedBroker)
    {
        if (string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(ConnectionString))
                throw new StartupException("Streaming:Persistence:Provider is postgresql but no connection string is set: set Streaming__Persistence__ConnectionString");
            return ("postgresql", ConnectionString, null);
        }
        if (!string.Equals(Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
            throw new StartupException($"Streaming:Persistence:Provider is '{Provider}': use sqlite or postgresql");
        if (!string.IsNullOrWhiteSpace(ConnectionString)) return ("sqlite", ConnectionString, null);
        var file = Path.GetFullPath(Path.Combine(DataDirectory, embeddedBroker ? "embedded.db" : "streaming.db"));
        return ("sqlite", $"Data Source={file}", embeddedBroker ? file : null);
    }
}
