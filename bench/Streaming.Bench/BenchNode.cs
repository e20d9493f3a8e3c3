using System.Globalization;
using Streaming.TestSupport;

namespace Streaming.Bench;

/// <summary>
/// The node as operators run it — the Streaming.Nodes executable with its appsettings.json and embedded broker —
/// through the tests' <see cref="NodeProcess"/>, configured only through the environment, its output in a log file,
/// plus what a benchmark reads about the process (pid, CPU, RSS).
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private readonly NodeProcess _node;

    private BenchNode(NodeProcess node) => _node = node;

    public Uri Address => _node.BaseAddress;
    public int Pid => _node.Id;

    public static Task<BenchNode> StartAsync(BenchOptions o, string logPath) => StartAsync(o, logPath, new Dictionary<string, string>());

    public static async Task<BenchNode> StartAsync(BenchOptions o, string logPath, IReadOnlyDictionary<string, string> environment)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Streaming__Kafka__BootstrapServers"] = "",
            ["Streaming__Kafka__Partitions"] = o.Partitions.ToString(CultureInfo.InvariantCulture),
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        if (o.LingerMs is { } linger) env["Streaming__Kafka__LingerMs"] = linger.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment) env[key] = value;
        foreach (var (key, value) in o.NodeEnvironment) env[key] = value;
        var gate = new object();
        var node = NodeProcess.Start(new NodeProcessOptions
        {
            Environment = env,
            OnOutput = line =>
            {
                lock (gate) File.AppendAllText(logPath, line + "\n");
            },
        });
        try
        {
            (await node.WaitForHttpAsync("/health/", TimeSpan.FromSeconds(60))).Dispose();
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return new BenchNode(node);
    }

    /// <summary>SIGKILL (a crash): returns once the process is gone.</summary>
    public void Kill() => _node.Kill();

    /// <summary>Resident set size (VmRSS) in bytes.</summary>
    public long RssBytes() => ProcStat.RssBytes(Pid);

    /// <summary>CPU seconds (user + system) the node has used so far.</summary>
    public double CpuSeconds() => ProcStat.CpuSeconds(Pid);

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
