using System.Diagnostics;

namespace Streaming.Streams.Cdc.Tests;

/// <summary>The connector in its own OS process (tests/Cdc.TestHost), so a test can SIGKILL it mid-stream.</summary>
internal sealed class ConnectorProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Action<string> _log;

    private ConnectorProcess(Process process, Action<string> log)
    {
        _process = process;
        _log = log;
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return [.. _lines];
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Changes acknowledged, from the newest "status … changes=N …" line.</summary>
    public long Changes =>
        Lines.Where(l => l.StartsWith("status ", StringComparison.Ordinal))
            .Select(l => l.Split(' ').First(p => p.StartsWith("changes=", StringComparison.Ordinal))["changes=".Length..])
            .Select(long.Parse).LastOrDefault();

    public static ConnectorProcess Start(string connectionString, string bootstrap, string slot, string publication, string tables, Action<string> log)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Streaming.Cdc.TestHost.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: the test project references tests/Cdc.TestHost, build it.");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, connectionString, bootstrap, slot, publication, tables, "1000" }) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet could not be started");
        var host = new ConnectorProcess(process, log);
        process.OutputDataReceived += (_, e) => host.Add(e.Data);
        process.ErrorDataReceived += (_, e) => host.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>SIGKILL: no graceful path, nothing flushed, nothing confirmed.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(30_000);
        _log($"[host {_process.Id}] killed");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) Kill();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
        _log($"[host] {line}");
    }
}
