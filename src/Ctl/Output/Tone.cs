namespace Streaming.Ctl.Output;

/// <summary>What a value means to an operator at a glance; drawn as a colour on a terminal, as nothing elsewhere.</summary>
internal enum Tone
{
    Plain,
    Good,
    Warn,
    Bad,
    Heading,
}
