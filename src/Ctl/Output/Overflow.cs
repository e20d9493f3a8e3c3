namespace Streaming.Ctl.Output;

/// <summary>
/// Whether a column may be cut when the table is wider than the screen, and which end of a value it keeps: an address
/// keeps its end (host and port tell members apart), a sentence keeps its start.
/// </summary>
internal enum Overflow
{
    Keep,
    CutEnd,
    CutStart,
}
