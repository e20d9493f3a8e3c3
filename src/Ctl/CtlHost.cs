namespace Streaming.Ctl;

/// <summary>
/// What streaming-ctl takes from the process around it — environment variables, whether its output goes to a terminal,
/// how it reaches the network and how long it waits — so that a test can hand it its own.
/// </summary>
/// <param name="Variable">Looks an environment variable up (STREAMING_URL, STREAMING_API_KEY, NO_COLOR).</param>
/// <param name="OutputIsTerminal">Tables get colour only on a terminal; redirected output stays plain text.</param>
/// <param name="ErrorIsTerminal">Progress (a spinner on one line) is drawn only where a person watches it.</param>
/// <param name="Handler">Makes the HTTP handler for one run; the client disposes it.</param>
public sealed record CtlHost(Func<string, string?> Variable, bool OutputIsTerminal, bool ErrorIsTerminal, Func<HttpMessageHandler> Handler)
{
    /// <summary>How long a read or a quick command may take before the node counts as not answering.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a state reset may take: it waits for the engine to drop the stored state.</summary>
    public TimeSpan LongRequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The width tables are fitted to: readable in a 100-column terminal or a pasted issue.</summary>
    public int Width { get; init; } = 100;

    /// <summary>This process's environment, no terminal (a caller that passes its own writers reads them itself), real sockets.</summary>
    public static CtlHost Default { get; } = new(Environment.GetEnvironmentVariable, OutputIsTerminal: false, ErrorIsTerminal: false, NewHandler);

    /// <summary>As <see cref="Default"/>, for a run whose writers are the console's.</summary>
    public static CtlHost ForConsole() =>
        Default with { OutputIsTerminal = !Console.IsOutputRedirected, ErrorIsTerminal = !Console.IsErrorRedirected };

    // A node that does not accept the connection is reported within seconds; an SSE tail has no overall timeout.
    private static SocketsHttpHandler NewHandler() => new() { ConnectTimeout = TimeSpan.FromSeconds(10) };
}
