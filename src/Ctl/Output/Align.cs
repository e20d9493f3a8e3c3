namespace Streaming.Ctl.Output;

/// <summary>Where a column's values sit: numbers to the right so that their digits line up.</summary>
internal enum Align
{
    Left,
    Right,
}
