using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Streaming.Bench;

/// <summary>
/// Makes a node run a full, blocking garbage collection from outside (the runtime's GCHeapCollect keyword, as
/// dotnet-gcdump does), so a heap figure afterwards counts what is retained rather than garbage not yet collected.
/// </summary>
internal static class InducedGc
{
    private const long GcHeapCollect = 0x800000;

    public static async Task RunAsync(int pid)
    {
        var client = new DiagnosticsClient(pid);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcHeapCollect)], requestRundown: false);
        // The collection runs when the session starts; give it time to finish before the session ends.
        await Task.Delay(TimeSpan.FromSeconds(3));
        session.Stop();
    }
}
