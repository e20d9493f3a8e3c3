using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Streaming.Bench;

/// <summary>
/// The node as operators run it — the Streaming.Nodes executable with its appsettings.json and
/// embedded broker — in a child process, configured only through the environment.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private NodeProcess(Process process, StreamWriter log, Uri address)
    {
        _process = process;
        _log = log;
        Address = address;
    }

    public Uri Address { get; }
    public int Pid => _process.Id;

    public static async Task<NodeProcess> StartAsync(BenchOptions o, string logPath) => await StartAsync(o, logPath, new Dictionary<string, string>());

    public static async Task<NodeProcess> StartAsync(BenchOptions o, string logPath, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var dir = AppContext.BaseDirectory;
        var exe = Path.Combine(dir, OperatingSystem.IsWindows() ? "Streaming.Nodes.exe" : "Streaming.Nodes");
        var info = new ProcessStartInfo(exe)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["Streaming__Gateway__Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["Streaming__Kafka__BootstrapServers"] = "";
        info.Environment["Streaming__Kafka__Partitions"] = o.Partitions.ToString(CultureInfo.InvariantCulture);
        if (o.LingerMs is { } linger) info.Environment["Streaming__Kafka__LingerMs"] = linger.ToString(CultureInfo.InvariantCulture);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        foreach (var (key, value) in o.NodeEnvironment) info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + exe);
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(process, log, new Uri($"http://127.0.0.1:{port}"));
        await node.WaitHealthyAsync();
        return node;
    }

    /// <summary>SIGKILL (a crash): returns once the process is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Resident set size (VmRSS) in bytes.</summary>
    public long RssBytes() => ProcStat.RssBytes(_process.Id);

    /// <summary>CPU seconds (user + system) the node has used so far.</summary>
    public double CpuSeconds() => ProcStat.CpuSeconds(_process.Id);

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"node exited with {_process.ExitCode}; see its log");
            try
            {
                using var response = await http.GetAsync(new Uri(Address, "/health/"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("node did not become healthy within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}

/// <summary>CPU accounting from /proc (Linux).</summary>
internal static class ProcStat
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    public static long RssBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The 1-minute load average.</summary>
    public static double LoadAverage() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>(busy, total) jiffies of all CPUs.</summary>
    public static (long Busy, long Total) Machine()
    {
        var line = File.ReadLines("/proc/stat").First();
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = values[3] + values[4];
        var total = values.Take(8).Sum();
        return (total - idle, total);
    }
}
