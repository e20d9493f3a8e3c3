namespace Streaming.Streams.Cdc;

/// <summary>
/// Turns one decoded row change into the Kafka records Debezium writes for it: c/u/d/r envelopes, a tombstone
/// after a delete (when configured), and delete + tombstone + create when an update changes the primary key.
/// </summary>
internal sealed class ChangeTranslator(EnvelopeWriter envelopes, bool tombstonesOnDelete)
{
    public IEnumerable<OutgoingRecord> Read(TableSchema table, ColumnValue[] row, SourceInfo source, long nowMs)
    {
        yield return new OutgoingRecord(table.Topic, envelopes.Key(table, row), envelopes.Value(table, ChangeOp.Read, null, row, source, nowMs));
    }

    public IEnumerable<OutgoingRecord> Insert(TableSchema table, ColumnValue[] row, SourceInfo source, long nowMs)
    {
        yield return new OutgoingRecord(table.Topic, envelopes.Key(table, row), envelopes.Value(table, ChangeOp.Create, null, row, source, nowMs));
    }

    /// <param name="oldRow">The previous row when PostgreSQL sent one: the whole row (REPLICA IDENTITY FULL,
    /// <paramref name="oldIsFull"/>) or only the identity columns (a key change under the default identity).</param>
    public IEnumerable<OutgoingRecord> Update(TableSchema table, ColumnValue[]? oldRow, bool oldIsFull, ColumnValue[] newRow, SourceInfo source, long nowMs)
    {
        var after = oldRow is not null && oldIsFull ? FillUnchangedToast(newRow, oldRow) : newRow;
        var newKey = envelopes.Key(table, after);
        if (oldRow is not null && KeyChanged(table, oldRow, after))
        {
            var oldKey = envelopes.Key(table, oldRow);
            yield return new OutgoingRecord(table.Topic, oldKey, envelopes.Value(table, ChangeOp.Delete, oldRow, null, source, nowMs), "__debezium.newkey", newKey);
            if (tombstonesOnDelete && oldKey is not null) yield return new OutgoingRecord(table.Topic, oldKey, null);
            yield return new OutgoingRecord(table.Topic, newKey, envelopes.Value(table, ChangeOp.Create, null, after, source, nowMs), "__debezium.oldkey", oldKey);
            yield break;
        }
        var before = oldIsFull ? oldRow : null;
        yield return new OutgoingRecord(table.Topic, newKey, envelopes.Value(table, ChangeOp.Update, before, after, source, nowMs));
    }

    /// <param name="oldRow">The whole row (FULL identity) or the identity columns only (others <see cref="ColumnValue.Absent"/>).</param>
    public IEnumerable<OutgoingRecord> Delete(TableSchema table, ColumnValue[] oldRow, SourceInfo source, long nowMs)
    {
        var key = envelopes.Key(table, oldRow);
        yield return new OutgoingRecord(table.Topic, key, envelopes.Value(table, ChangeOp.Delete, oldRow, null, source, nowMs));
        if (tombstonesOnDelete && key is not null) yield return new OutgoingRecord(table.Topic, key, null);
    }

    /// <summary>Unchanged TOASTed values of the new row, taken from the full previous row (exact, not a placeholder).</summary>
    public static ColumnValue[] FillUnchangedToast(ColumnValue[] newRow, ColumnValue[] oldRow)
    {
        ColumnValue[]? filled = null;
        for (var i = 0; i < newRow.Length; i++)
        {
            if (newRow[i].Kind != ColumnValueKind.UnchangedToast || i >= oldRow.Length) continue;
            if (oldRow[i].Kind is not (ColumnValueKind.Text or ColumnValueKind.Null)) continue;
            filled ??= (ColumnValue[])newRow.Clone();
            filled[i] = oldRow[i];
        }
        return filled ?? newRow;
    }

    private static bool KeyChanged(TableSchema table, ColumnValue[] oldRow, ColumnValue[] newRow)
    {
        foreach (var i in table.KeyIndexes)
        {
            if (oldRow[i].Kind == ColumnValueKind.Absent) return false;
            if (oldRow[i] != newRow[i]) return true;
        }
        return false;
    }
}
