using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Npgsql;

namespace Streaming.Streams.Cdc;

/// <summary>Checks <see cref="CdcOptions"/> and derives what the connector works with (parsed tables, topics,
/// connection strings with the session settings the value conversions rely on).</summary>
internal static partial class CdcOptionsValidator
{
    /// <summary>
    /// Text output the conversions parse: ISO dates, postgres-style intervals, UTC, hex bytea, money without a
    /// locale's symbols. Set per session, so the server's defaults do not matter.
    /// </summary>
    private const string SessionSettings =
        "-c DateStyle=ISO,MDY -c IntervalStyle=postgres -c TimeZone=UTC -c bytea_output=hex -c extra_float_digits=1 -c lc_monetary=C";

    private const int ReplicationReadBuffer = 256 * 1024;

    /// <summary>A validated configuration.</summary>
    /// <param name="ConnectionString">For ordinary sessions.</param>
    /// <param name="ReplicationConnectionString">For the replication stream: a larger read buffer, so that a busy
    /// stream is read in few socket reads (each one that finds the buffer empty is a thread-pool hop).</param>
    public sealed record Validated(
        string ConnectionString,
        string ReplicationConnectionString,
        string Host,
        ImmutableArray<(TableId Table, string Topic)> Tables);

    public static Validated Validate(CdcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw Invalid($"CdcOptions.ConnectionString is not a valid Npgsql connection string ({ex.Message}): fix Streaming:Cdc:ConnectionString", ex);
        }
        if (!SlotNamePattern().IsMatch(options.SlotName))
            throw Invalid($"CdcOptions.SlotName '{options.SlotName}' must be 1-54 lower-case letters, digits or underscores: fix Streaming:Cdc:SlotName");
        if (string.IsNullOrWhiteSpace(options.PublicationName) || options.PublicationName.Length > 63)
            throw Invalid("CdcOptions.PublicationName must be 1-63 characters: fix Streaming:Cdc:PublicationName");
        if (string.IsNullOrWhiteSpace(options.TopicPrefix))
            throw Invalid("CdcOptions.TopicPrefix must not be empty: fix Streaming:Cdc:TopicPrefix");
        if (string.IsNullOrWhiteSpace(options.ServerName))
            throw Invalid("CdcOptions.ServerName must not be empty: fix Streaming:Cdc:ServerName");
        if (options.Tables is not { Count: > 0 })
            throw Invalid("CdcOptions.Tables is empty: list the tables to capture in Streaming:Cdc:Tables (e.g. public.users)");
        if (options.StatusInterval <= TimeSpan.Zero || options.ProgressInterval <= TimeSpan.Zero || options.ReconnectDelay <= TimeSpan.Zero
            || options.MaxReconnectDelay < options.ReconnectDelay || options.ShutdownTimeout < TimeSpan.Zero || options.LagInterval < TimeSpan.Zero)
            throw Invalid("CdcOptions: StatusInterval, ProgressInterval and ReconnectDelay must be positive, MaxReconnectDelay at least ReconnectDelay, ShutdownTimeout and LagInterval not negative");
        if (options.MaxInFlight < 1)
            throw Invalid("CdcOptions.MaxInFlight must be at least 1: fix Streaming:Cdc:MaxInFlight");

        var tables = ImmutableArray.CreateBuilder<(TableId, string)>();
        var topics = new Dictionary<string, TableId>(StringComparer.Ordinal);
        foreach (var text in options.Tables)
        {
            TableId table;
            try
            {
                table = TableId.Parse(text ?? "");
            }
            catch (FormatException ex)
            {
                throw Invalid($"CdcOptions.Tables entry '{text}' is not a table name ({ex.Message}): write schema.table in Streaming:Cdc:Tables", ex);
            }
            var topic = options.TopicPrefix + "." + table.Name;
            if (topics.TryGetValue(topic, out var other))
                throw Invalid(other == table
                    ? $"CdcOptions.Tables lists {table} twice: remove one from Streaming:Cdc:Tables"
                    : $"Tables {other} and {table} would both write to topic '{topic}': capture only one of them");
            topics.Add(topic, table);
            tables.Add((table, topic));
        }

        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? SessionSettings : builder.Options + " " + SessionSettings;
        var replication = new NpgsqlConnectionStringBuilder(builder.ConnectionString);
        if (replication.ReadBufferSize < ReplicationReadBuffer) replication.ReadBufferSize = ReplicationReadBuffer;
        return new Validated(builder.ConnectionString, replication.ConnectionString, $"{builder.Host}:{builder.Port}/{builder.Database}", tables.ToImmutable());
    }

    private static CdcException Invalid(string message, Exception? inner = null) => new(CdcFailure.InvalidOptions, message, inner);

    [GeneratedRegex("^[a-z0-9_]{1,54}$")]
    private static partial Regex SlotNamePattern();
}
