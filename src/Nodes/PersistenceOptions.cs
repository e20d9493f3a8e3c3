namespace Streaming.Nodes;

/// <summary>Settings of section <c>Streaming:Persistence</c>: where entity state and checkpoints live.</summary>
public sealed record PersistenceOptions
{
    public const string Section = "Streaming:Persistence";

    /// <summary>"sqlite" (default, a file) or "postgresql".</summary>
    public string Provider { get; init; } = "sqlite";

    /// <summary>Connection string; the SQLite default is a file under ./data.</summary>
    public string ConnectionString { get; init; } = "Data Source=data/streaming.db";
}
