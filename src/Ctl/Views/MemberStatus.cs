using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary>How an Akka member status reads: Up is good, a member on its way in or out needs watching, a downed one is gone.</summary>
internal static class MemberStatus
{
    public static Tone Tone(string? status) => status?.ToUpperInvariant() switch
    {
        "UP" => Output.Tone.Good,
        "JOINING" or "WEAKLYUP" or "WEAKLY_UP" or "LEAVING" or "EXITING" or "PREPARINGFORSHUTDOWN" or "READYFORSHUTDOWN" => Output.Tone.Warn,
        "DOWN" or "REMOVED" => Output.Tone.Bad,
        _ => Output.Tone.Plain,
    };
}
