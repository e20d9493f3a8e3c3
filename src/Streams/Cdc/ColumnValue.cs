namespace Streaming.Streams.Cdc;

/// <summary>One column of a row image as PostgreSQL sent it.</summary>
internal readonly record struct ColumnValue(ColumnValueKind Kind, string? Text)
{
    public static readonly ColumnValue Null = new(ColumnValueKind.Null, null);
    public static readonly ColumnValue UnchangedToast = new(ColumnValueKind.UnchangedToast, null);
    public static readonly ColumnValue Absent = new(ColumnValueKind.Absent, null);

    public static ColumnValue Of(string text) => new(ColumnValueKind.Text, text);
}

internal enum ColumnValueKind
{
    /// <summary>SQL NULL.</summary>
    Null,

    /// <summary>A value in PostgreSQL's text output.</summary>
    Text,

    /// <summary>A TOASTed value the update did not change, so PostgreSQL did not send it.</summary>
    UnchangedToast,

    /// <summary>Not part of this image (a key-only old row carries only the replica identity columns).</summary>
    Absent,
}
