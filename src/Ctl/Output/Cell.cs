namespace Streaming.Ctl.Output;

/// <summary>One value of a table and its tone.</summary>
internal sealed record Cell(string Text, Tone Tone = Tone.Plain)
{
    public static implicit operator Cell(string text) => FromString(text);

    public static Cell FromString(string text) => new(text);
}
