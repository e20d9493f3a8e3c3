namespace Streaming.Ctl.Tests;

/// <summary>streaming-ctl run in this process: its exit code and what it wrote to each stream.</summary>
internal sealed record Run(int Code, string Out, string Err)
{
    /// <summary>A host whose environment holds only <paramref name="variables"/> (the test machine's STREAMING_URL must not leak in).</summary>
    public static CtlHost Host(params (string Name, string Value)[] variables) =>
        CtlHost.Default with { Variable = name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault() };

    public static Task<Run> Of(params string[] args) => With(Host(), args);

    public static async Task<Run> With(CtlHost host, string[] args, CancellationToken cancellation = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CtlApp.RunAsync(args, output, error, host, cancellation);
        return new Run(code, output.ToString(), error.ToString());
    }

    /// <summary>What it wrote to standard error, as lines.</summary>
    public IReadOnlyList<string> ErrorLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
