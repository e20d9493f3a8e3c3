namespace Streaming.Streams.Cdc;

/// <summary>What a <see cref="CdcConnector"/> is doing.</summary>
public enum CdcPhase
{
    /// <summary>Not started yet (or checking the database and preparing publication, identity and slot).</summary>
    Starting,

    /// <summary>Reading the initial rows of the configured tables.</summary>
    Snapshot,

    /// <summary>Streaming changes from the replication slot.</summary>
    Streaming,

    /// <summary>PostgreSQL or Kafka failed while streaming; waiting to reconnect and resume from the slot.</summary>
    Reconnecting,

    /// <summary><see cref="CdcConnector.RunAsync"/> returned after cancellation.</summary>
    Stopped,

    /// <summary><see cref="CdcConnector.RunAsync"/> ended with an exception.</summary>
    Failed,
}
