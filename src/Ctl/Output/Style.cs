namespace Streaming.Ctl.Output;

/// <summary>How output for people is drawn: with ANSI colour (a terminal that did not ask for NO_COLOR) and how wide.</summary>
internal sealed record Style(bool Ansi, int Width)
{
    /// <summary>Plain text, 100 columns: redirected output and tests.</summary>
    public static Style Plain { get; } = new(false, 100);

    public string Paint(string text, Tone tone) => !Ansi || tone == Tone.Plain ? text : Code(tone) + text + "\u001b[0m";

    private static string Code(Tone tone) => tone switch
    {
        Tone.Good => "\u001b[32m",
        Tone.Warn => "\u001b[33m",
        Tone.Bad => "\u001b[31m",
        Tone.Heading => "\u001b[1m",
        _ => "",
    };
}
