namespace Streaming.Streams.Cdc;

/// <summary>What the connector needs to know of a column's type to write its values.</summary>
/// <param name="Kind">The conversion.</param>
/// <param name="Precision">Fractional-second digits of time types (-1: not declared); bit length of bit types.</param>
/// <param name="Element">Element type of an array, else null.</param>
internal sealed record ColumnType(PgValueKind Kind, int Precision = -1, ColumnType? Element = null)
{
    public static readonly ColumnType Text = new(PgValueKind.String);
}
