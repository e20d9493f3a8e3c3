using System.Net.Sockets;
using Confluent.Kafka;
using Npgsql;

namespace Streaming.Streams.Cdc;

/// <summary>Which failures the connector retries and which it reports as <see cref="CdcException"/>.</summary>
internal static class PgErrors
{
    /// <summary>The first connection failed: always an operator's problem (wrong address, server down, login).</summary>
    public static CdcException Unreachable(string host, Exception ex)
    {
        var reason = ex switch
        {
            PostgresException { SqlState: "28P01" or "28000" } => "the login was refused",
            PostgresException { SqlState: "3D000" } => "the database does not exist",
            PostgresException pg => pg.MessageText,
            _ when Inner<SocketException>(ex) is { } s => s.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : s.Message,
            _ => ex.Message,
        };
        return new CdcException(CdcFailure.DatabaseUnreachable,
            $"PostgreSQL at {host} is unreachable ({reason}): start it or fix CdcOptions.ConnectionString (Streaming:Cdc:ConnectionString)", ex);
    }

    /// <summary>Server conditions that need an operator, turned into a <see cref="CdcException"/>; null for others.</summary>
    public static CdcException? Configuration(Exception ex) => ex switch
    {
        PostgresException { SqlState: "53400" } pg => new CdcException(CdcFailure.NoFreeSlot,
            $"PostgreSQL has no free replication slot ({pg.MessageText}): raise max_replication_slots or drop unused slots", ex),
        PostgresException { SqlState: "53300" } pg when pg.MessageText.Contains("wal_senders", StringComparison.Ordinal) => new CdcException(CdcFailure.NoFreeSlot,
            $"PostgreSQL has no free WAL sender ({pg.MessageText}): raise max_wal_senders", ex),
        PostgresException { SqlState: "42501" } pg => new CdcException(CdcFailure.PermissionDenied,
            $"PostgreSQL refused a privilege ({pg.MessageText}): grant the connector's user REPLICATION and SELECT on the tables (ownership to create the publication or set REPLICA IDENTITY)", ex),
        PostgresException { SqlState: "55000" } pg when pg.MessageText.Contains("wal_level", StringComparison.Ordinal) => new CdcException(CdcFailure.WalLevelNotLogical,
            $"PostgreSQL refused logical decoding ({pg.MessageText}): set wal_level = logical in postgresql.conf and restart PostgreSQL", ex),
        _ => null,
    };

    /// <summary>Failures after which reconnecting and resuming from the slot can succeed.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        CdcException => false,
        KafkaDeliveryException k => !k.IsFatal,
        PostgresException pg => pg.IsTransient
            || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) // shutdown, crash, starting up
            || pg.SqlState is "55006" // replication slot active for another process (a previous session still ending)
                or "42710" // temporary snapshot slot of a previous attempt still present
                or "42704" // slot dropped behind our back: the next attempt starts over
                or "53300", // too many connections
        NpgsqlException or IOException or SocketException or TimeoutException => true,
        KafkaException k => !k.Error.IsFatal,
        _ => false,
    };

    private static T? Inner<T>(Exception ex)
        where T : Exception
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
            if (e is T t) return t;
        return null;
    }
}
