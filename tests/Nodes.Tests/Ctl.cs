using Streaming.Ctl;
using Streaming.TestSupport;

namespace Streaming.Nodes.Tests;

/// <summary>streaming-ctl, in this process, against a node's gateway.</summary>
internal static class Ctl
{
    /// <summary>Its exit code and what it printed (standard output, then standard error).</summary>
    public static async Task<(int Code, string Output)> RunAsync(NodeProcess node, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CtlApp.RunAsync(["--url", node.BaseAddress.ToString(), .. args], stdout, stderr);
        return (code, stdout + "\n" + stderr);
    }
}
