using System.Diagnostics;
using System.Text;

namespace Streaming.TestSupport;

/// <summary>Runs a short-lived command to completion and captures its output.</summary>
public static class CommandLine
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string Output => (StdOut + StdErr).Trim();
    }

    public static async Task<Result> RunAsync(
        string file,
        IEnumerable<string> args,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"'{file}' could not be started.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"'{file} {string.Join(' ', psi.ArgumentList)}' did not finish within {timeout.TotalSeconds:0.#} s.");
        }
        return new Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs the command and throws with its output when it exits non-zero.</summary>
    public static async Task<Result> RunCheckedAsync(
        string file,
        IEnumerable<string> args,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var argList = args.ToList();
        var result = await RunAsync(file, argList, timeout, workingDirectory, environment).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"'{file} {string.Join(' ', argList)}' failed with exit code {result.ExitCode}: {result.Output}");
        return result;
    }
}
