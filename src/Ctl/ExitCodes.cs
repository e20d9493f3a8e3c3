namespace Streaming.Ctl;

/// <summary>streaming-ctl's exit codes, which scripts branch on: retrying helps after a 2, not after a 1.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The node answered with an error (a problem document, a refused key, an unhealthy dependency).</summary>
    public const int NodeError = 1;

    /// <summary>Wrong usage, or no usable answer: the node is unreachable, timed out or is not a Streaming gateway.</summary>
    public const int Usage = 2;
}
