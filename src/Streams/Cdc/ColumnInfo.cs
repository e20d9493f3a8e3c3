namespace Streaming.Streams.Cdc;

/// <summary>One column of a captured table.</summary>
/// <param name="Name">Column name (the JSON field name).</param>
/// <param name="Type">How its values are written.</param>
/// <param name="IsKey">Part of the primary key (the record key).</param>
/// <param name="IsIdentity">Part of the replica identity (present in a key-only old row).</param>
internal sealed record ColumnInfo(string Name, ColumnType Type, bool IsKey, bool IsIdentity);
