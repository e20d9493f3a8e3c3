using System.Diagnostics;
using Streaming.TestSupport;

namespace Streaming.Kinesis.Tests.Support;

/// <summary>
/// npm's kinesalite, started by the test on 127.0.0.1 through its JS API (its CLI has no bind option).
/// With <see cref="StartAsync"/>'s <c>persistent</c> it keeps its streams in a LevelDB directory, so
/// <see cref="Kill"/> (SIGKILL) and <see cref="RestartAsync"/> on the same port keep every record.
/// test.sh installs it under <see cref="NpmDirectory"/>.
/// </summary>
public sealed class Kinesalite : IAsyncDisposable
{
    private const string Script = """
        const kinesalite = require(process.env.KINESALITE_MODULE);
        const options = { createStreamMs: 50, deleteStreamMs: 50, updateStreamMs: 50, shardLimit: 100 };
        if (process.env.KINESALITE_PATH) options.path = process.env.KINESALITE_PATH;
        kinesalite(options).listen(Number(process.env.KINESALITE_PORT), '127.0.0.1', err => {
          if (err) { console.error(err); process.exit(1); }
          console.log('kinesalite listening');
        });
        """;

    private readonly string? _dataDirectory;
    private Process? _process;

    private Kinesalite(int port, string? dataDirectory)
    {
        Port = port;
        _dataDirectory = dataDirectory;
    }

    /// <summary>Where test.sh runs <c>npm install kinesalite</c>: <c>STREAMING_NPM_DIR</c>, else
    /// <c>${XDG_CACHE_HOME:-$HOME/.cache}/streaming/npm</c>.</summary>
    public static string NpmDirectory =>
        Environment.GetEnvironmentVariable("STREAMING_NPM_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "streaming", "npm");

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>The node process (for CPU accounting in the benchmark); null while killed.</summary>
    public int? ProcessId => _process?.Id;

    public static async Task<Kinesalite> StartAsync(bool persistent = false)
    {
        var module = Path.Combine(NpmDirectory, "node_modules", "kinesalite");
        if (!Directory.Exists(module))
            throw new InvalidOperationException($"kinesalite is not installed at {module}; run ./test.sh (it runs `npm install --prefix {NpmDirectory} kinesalite@3.3.3`).");
        var data = persistent ? Directory.CreateTempSubdirectory("streaming-kinesalite-").FullName : null;
        var server = new Kinesalite(FreePort.Next(), data);
        await server.LaunchAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>SIGKILL: no shutdown of any kind.</summary>
    public void Kill()
    {
        var process = _process;
        _process = null;
        if (process is null) return;
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
    }

    /// <summary>Starts again on the same port (and data directory).</summary>
    public Task RestartAsync()
    {
        Kill();
        return LaunchAsync();
    }

    private async Task LaunchAsync()
    {
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-e");
        psi.ArgumentList.Add(Script);
        psi.Environment["KINESALITE_MODULE"] = Path.Combine(NpmDirectory, "node_modules", "kinesalite");
        psi.Environment["KINESALITE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_dataDirectory is not null) psi.Environment["KINESALITE_PATH"] = _dataDirectory;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("node could not be started.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("kinesalite listening", StringComparison.Ordinal) == true) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.AppendLine(e.Data);
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"kinesalite exited: {errors}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        // A liveness bound, not a timed assertion: node and LevelDB start in well under a second here.
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        if (_dataDirectory is not null)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp directory.
            }
        }
        return ValueTask.CompletedTask;
    }
}
