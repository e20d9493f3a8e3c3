using Npgsql.Replication.PgOutput;

namespace Streaming.Streams.Cdc;

/// <summary>Reads a pgoutput tuple (text mode) into a row image.</summary>
internal static class RowReader
{
    /// <param name="keyOnly">The tuple is an old key ('K'): columns outside the replica identity are not part of it.</param>
    public static async ValueTask<ColumnValue[]> ReadAsync(ReplicationTuple tuple, TableSchema schema, bool keyOnly, CancellationToken ct)
    {
        var row = new ColumnValue[schema.Columns.Length];
        var i = 0;
        await foreach (var value in tuple.WithCancellation(ct).ConfigureAwait(false))
        {
            if (i >= row.Length) break;
            if (keyOnly && !schema.Columns[i].IsIdentity)
            {
                row[i++] = ColumnValue.Absent;
                continue;
            }
            row[i++] = value.Kind switch
            {
                TupleDataKind.Null => ColumnValue.Null,
                TupleDataKind.UnchangedToastedValue => ColumnValue.UnchangedToast,
                // No token per value: registering one costs more than reading a short value, and the stream's own
                // token already ends the read when the session stops.
                _ => ColumnValue.Of(await value.Get<string>(CancellationToken.None).ConfigureAwait(false)),
            };
        }
        for (; i < row.Length; i++) row[i] = ColumnValue.Absent;
        return row;
    }
}
