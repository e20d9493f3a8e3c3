namespace Streaming.Streams.Cdc;

/// <summary>The per-record part of Debezium's <c>source</c> block (the connector-wide part comes from
/// <see cref="EnvelopeWriter"/>).</summary>
/// <param name="TimestampMs">Commit time of the transaction (snapshot: when the table was read), ms since the epoch.</param>
/// <param name="Snapshot">"true", "first", "first_in_data_collection", "last_in_data_collection", "last" or "false".</param>
/// <param name="TransactionId">The transaction's xid; null when unknown.</param>
/// <param name="Lsn">WAL position of the change (snapshot: the slot's consistent point).</param>
internal readonly record struct SourceInfo(long TimestampMs, string Snapshot, long? TransactionId, ulong Lsn);
