namespace Streaming.Streams.Cdc;

/// <summary>Why a <see cref="CdcException"/> was thrown: conditions an operator has to fix before a restart helps.</summary>
public enum CdcFailure
{
    /// <summary>A <see cref="CdcOptions"/> value is out of range or malformed.</summary>
    InvalidOptions,

    /// <summary>PostgreSQL could not be reached or refused the login.</summary>
    DatabaseUnreachable,

    /// <summary><c>wal_level</c> is not <c>logical</c>.</summary>
    WalLevelNotLogical,

    /// <summary>A configured table does not exist.</summary>
    TableMissing,

    /// <summary>The user lacks a privilege the connector needs (replication, ownership, select).</summary>
    PermissionDenied,

    /// <summary>The server has no free replication slot or WAL sender.</summary>
    NoFreeSlot,
}
