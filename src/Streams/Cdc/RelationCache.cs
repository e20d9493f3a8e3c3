using System.Collections.Immutable;
using Npgsql.Replication.PgOutput.Messages;

namespace Streaming.Streams.Cdc;

/// <summary>
/// The schema of every relation the stream has described, by relation id. pgoutput sends a Relation message
/// before a relation's first change in a session and again after its definition changed (ALTER TABLE ADD
/// COLUMN), so the newest message always describes the rows that follow it.
/// </summary>
internal sealed class RelationCache(IReadOnlyDictionary<TableId, string> topics, PgCatalog catalog)
{
    private readonly Dictionary<uint, TableSchema?> _schemas = [];
    private PgTypes? _types;

    /// <summary>The captured table's schema; null for relations the connector does not capture.</summary>
    public async ValueTask<TableSchema?> GetAsync(RelationMessage relation, CancellationToken ct) =>
        _schemas.TryGetValue(relation.RelationId, out var schema) ? schema : await UpdateAsync(relation, ct).ConfigureAwait(false);

    /// <summary>Takes a Relation message: the relation's columns as from now on.</summary>
    public async ValueTask<TableSchema?> UpdateAsync(RelationMessage relation, CancellationToken ct)
    {
        var table = new TableId(relation.Namespace, relation.RelationName);
        if (!topics.TryGetValue(table, out var topic))
        {
            _schemas[relation.RelationId] = null;
            return null;
        }
        // A new column may be of a type created after the last look at the catalog (a new enum, a domain).
        if (_types is null || relation.Columns.Any(c => c.DataTypeId >= 16384)) _types = await catalog.TypesAsync(ct).ConfigureAwait(false);
        var primaryKey = await catalog.PrimaryKeyAsync(relation.RelationId, ct).ConfigureAwait(false);
        var columns = relation.Columns.Select(c => new RelationColumn(c.ColumnName, c.DataTypeId, c.TypeModifier,
            (c.Flags & RelationMessage.Column.ColumnFlags.PartOfKey) != 0));
        var schema = FromRelation(table, topic, columns, primaryKey, _types);
        _schemas[relation.RelationId] = schema;
        return schema;
    }

    /// <summary>A column as a Relation message describes it.</summary>
    public sealed record RelationColumn(string Name, uint TypeId, int TypeModifier, bool IsIdentity);

    public static TableSchema FromRelation(TableId table, string topic, IEnumerable<RelationColumn> columns, ImmutableHashSet<string> primaryKey, PgTypes types) =>
        new(table, topic, [.. columns.Select(c => new ColumnInfo(c.Name, types.Resolve(c.TypeId, c.TypeModifier), primaryKey.Contains(c.Name), c.IsIdentity))]);
}
