using System.Collections.Immutable;

namespace Streaming.Streams.Cdc;

/// <summary>The columns of a captured table as a row image lists them (attribute order, without dropped and
/// generated columns), and the Kafka topic its records go to.</summary>
internal sealed record TableSchema(TableId Table, string Topic, ImmutableArray<ColumnInfo> Columns)
{
    /// <summary>Positions of the primary-key columns in <see cref="Columns"/>; empty when there is no primary key
    /// (records then have a null key, as Debezium's).</summary>
    public ImmutableArray<int> KeyIndexes { get; } = [.. Columns.Select((c, i) => (c, i)).Where(x => x.c.IsKey).Select(x => x.i)];
}
