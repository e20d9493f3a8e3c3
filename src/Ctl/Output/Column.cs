namespace Streaming.Ctl.Output;

/// <summary>One column of a table: its header, alignment and whether it may be cut to fit.</summary>
internal sealed record Column(string Header, Align Align = Align.Left, Overflow Overflow = Overflow.Keep)
{
    public static Column Number(string header) => new(header, Align.Right);
}
