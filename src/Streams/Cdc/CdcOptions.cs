namespace Streaming.Streams.Cdc;

/// <summary>
/// Settings of a <see cref="CdcConnector"/>: which PostgreSQL tables are captured, through which publication
/// and replication slot, and how their changes are named and batched on the way to Kafka. Bound by the node
/// from configuration section <c>Streaming:Cdc</c> (environment <c>Streaming__Cdc__Key</c>).
/// </summary>
public sealed record CdcOptions
{
    /// <summary>Npgsql connection string of the captured database. The user needs the <c>REPLICATION</c>
    /// attribute (or superuser), <c>SELECT</c> on the tables, and ownership of them when
    /// <see cref="SetReplicaIdentityFull"/> is on or the publication has to be created.</summary>
    public string ConnectionString { get; init; } = "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres";

    /// <summary>Publication that the slot streams. Created for <see cref="Tables"/> when missing; when it exists,
    /// configured tables it lacks are added to it.</summary>
    public string PublicationName { get; init; } = "streaming_cdc";

    /// <summary>Logical replication slot (pgoutput). Its confirmed position is the connector's only state: a
    /// start without the slot takes a new snapshot, a start with it resumes after the last acknowledged change.
    /// Lower-case letters, digits and underscores, at most 54 characters (a temporary <c>_snapshot</c> slot is
    /// made beside it during the first start).</summary>
    public string SlotName { get; init; } = "streaming_cdc";

    /// <summary>Schema-qualified tables to capture, e.g. <c>public.users</c>; a name without a schema means
    /// <c>public</c>.</summary>
    public IReadOnlyList<string> Tables { get; init; } = ["public.users", "public.orders"];

    /// <summary>Topic of a table: <c>&lt;TopicPrefix&gt;.&lt;table&gt;</c> (so <c>public.users</c> goes to
    /// <c>streaming.users</c>). Topics must exist or the broker must create them on first write.</summary>
    public string TopicPrefix { get; init; } = "streaming";

    /// <summary>Logical server name, written to <c>source.name</c> of every record (Debezium's <c>topic.prefix</c>
    /// plays this part there).</summary>
    public string ServerName { get; init; } = "streaming";

    /// <summary>Write a tombstone (same key, null value) after every delete so that compacted topics can drop
    /// the key (Debezium's <c>tombstones.on.delete</c>).</summary>
    public bool TombstonesOnDelete { get; init; } = true;

    /// <summary>What the first start (no slot yet) does before streaming.</summary>
    public CdcSnapshotMode SnapshotMode { get; init; } = CdcSnapshotMode.Initial;

    /// <summary>
    /// Set <c>REPLICA IDENTITY FULL</c> on every configured table that lacks it (logged). With FULL, updates and
    /// deletes carry the whole previous row, so <c>before</c> is complete and unchanged TOASTed values are taken
    /// from it. Off: the tables keep their identity; <c>before</c> of an update is null, of a delete holds only
    /// the key columns, and unchanged TOASTed values read <see cref="UnavailableValuePlaceholder"/>.
    /// </summary>
    public bool SetReplicaIdentityFull { get; init; } = true;

    /// <summary>Value written for a TOASTed column that PostgreSQL did not send because the update left it
    /// unchanged and the previous row is not known (Debezium's <c>unavailable.value.placeholder</c>).</summary>
    public string UnavailableValuePlaceholder { get; init; } = "__debezium_unavailable_value";

    /// <summary>How often the acknowledged position is sent to PostgreSQL (and Kafka delivery is checked).</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often, while running, the slot's lag (<see cref="CdcConnector.MeasureLagAsync"/>) is measured for the
    /// <c>streaming_cdc_slot_lag_bytes</c> gauge; zero measures nothing. Each measurement is one short query on a
    /// pooled connection.</summary>
    public TimeSpan LagInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Changes handed to Kafka but not yet acknowledged, at most; reading from PostgreSQL pauses above it.</summary>
    public int MaxInFlight { get; init; } = 100_000;

    /// <summary>How often snapshot progress is logged (and at the end of every table).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait before reconnecting after PostgreSQL or Kafka failed while streaming; doubles per failed
    /// attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between reconnection attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>On a graceful stop, how long to wait for Kafka to acknowledge what is in flight before the last
    /// position is sent (what is not acknowledged by then is delivered again on the next start).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
