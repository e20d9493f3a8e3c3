namespace Streaming.Streams.Cdc;

/// <summary>How far the connector's acknowledged position trails the server's WAL.</summary>
/// <param name="CurrentWalLsn">The server's <c>pg_current_wal_lsn()</c>.</param>
/// <param name="ConfirmedLsn">The slot's <c>confirmed_flush_lsn</c> as PostgreSQL recorded it.</param>
/// <param name="Bytes">WAL bytes between the two: what PostgreSQL keeps for the slot and a restart may replay.</param>
public sealed record CdcLag(string CurrentWalLsn, string ConfirmedLsn, long Bytes);
