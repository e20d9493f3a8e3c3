using System.Globalization;

namespace Streaming.Bench;

internal sealed record BenchOptions
{
    public int Seconds { get; init; } = 20;
    public int Warmup { get; init; } = 10;
    public int Connections { get; init; } = 64;
    public int Threads { get; init; } = 2;
    public int Batch { get; init; } = 500;
    public int Partitions { get; init; } = 6;
    public int Runs { get; init; } = 1;
    public string Mode { get; init; } = "both";
    public string Load { get; init; } = Wrk.IsInstalled() ? "wrk" : "builtin";
    /// <summary>Producer linger for the node (Streaming__Kafka__LingerMs) and the bare producer; null keeps the gateway default (KafkaOptions.LingerMs).</summary>
    public int? LingerMs { get; init; }
    /// <summary>Extra environment of the node process (--env KEY=VALUE, repeatable).</summary>
    public IReadOnlyDictionary<string, string> NodeEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>engine: sqlite, postgresql or both.</summary>
    public string Persistence { get; init; } = "both";
    /// <summary>engine: distinct users of the generated traffic.</summary>
    public int Users { get; init; } = 100_000;
    /// <summary>engine: users in a session at any moment.</summary>
    public int Active { get; init; } = 10_000;
    /// <summary>engine: simulated event-time milliseconds per generated event (event time runs ahead of the wall clock).</summary>
    public double SimMsPerEvent { get; init; } = 2;
    /// <summary>engine: users of the memory measurement (0 skips it).</summary>
    public int MemoryUsers { get; init; } = 20_000;
    /// <summary>engine: whether to measure recovery after SIGKILL.</summary>
    public bool Recovery { get; init; } = true;
    /// <summary>engine: generator rate during the recovery measurement (events/s; 0 = half the measured throughput, at most 20,000).</summary>
    public int RecoveryRate { get; init; }

    /// <summary>analytics: distinct products of the generated traffic.</summary>
    public int Products { get; init; } = 10_000;
    /// <summary>analytics: share of product events in the generated traffic (the rest are order events).</summary>
    public double ProductShare { get; init; } = 0.5;
    /// <summary>analytics: background loads (events/s) at which the alert latency is measured.</summary>
    public IReadOnlyList<int> Loads { get; init; } = [1_000, 10_000];
    /// <summary>analytics: high-value orders POSTed per second while measuring the alert latency.</summary>
    public int ProbesPerSecond { get; init; } = 10;
    /// <summary>analytics: distinct users placing the high-value orders (0: a new user each time).</summary>
    public int ProbeUsers { get; init; }

    /// <summary>Runtime events of the node to report per window besides its GC (--trace allocations,jit; analytics).</summary>
    public IReadOnlySet<string> Trace { get; init; } = new HashSet<string>();
    /// <summary>
    /// analytics: seconds at the paced background load before the probes start, once the backlog of the
    /// throughput window is worked off — so that the latency is that of the load, not of the node still
    /// collecting what the saturated window left on its heap.
    /// </summary>
    public int Settle { get; init; } = 3;

    /// <summary>floor: whether each step takes its inputs to (empty) sharded entities, or only parses them.</summary>
    public bool Touches { get; init; } = true;

    /// <summary>journal: persistent actors per measurement.</summary>
    public int Entities { get; init; } = 2000;

    public bool Single => Mode is "both" or "single";
    public bool Batches => Mode is "both" or "batch";

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        if (args.Length % 2 == 1) throw new ArgumentException($"option {args[^1]} needs a value");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            int Int() => int.TryParse(value, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{args[i]} needs a whole number, not '{value}'");
            KeyValuePair<string, string> Variable() => value.Split('=', 2) is [var k, var v] && k.Length > 0 ? new(k, v) : throw new ArgumentException($"--env needs KEY=VALUE, not '{value}'");
            double Number() => double.TryParse(value, CultureInfo.InvariantCulture, out var x) ? x : throw new ArgumentException($"{args[i]} needs a number, not '{value}'");
            o = args[i] switch
            {
                "--seconds" => o with { Seconds = Int() },
                "--warmup" => o with { Warmup = Int() },
                "--connections" => o with { Connections = Int() },
                "--threads" => o with { Threads = Int() },
                "--batch" => o with { Batch = Int() },
                "--partitions" => o with { Partitions = Int() },
                "--runs" => o with { Runs = Int() },
                "--mode" => o with { Mode = value },
                "--load" => o with { Load = value },
                "--persistence" => o with { Persistence = value },
                "--users" => o with { Users = Int() },
                "--active" => o with { Active = Int() },
                "--sim-ms-per-event" => o with { SimMsPerEvent = Number() },
                "--memory-users" => o with { MemoryUsers = Int() },
                "--recovery" => o with { Recovery = bool.TryParse(value, out var b) ? b : throw new ArgumentException($"--recovery needs true or false, not '{value}'") },
                "--touches" => o with { Touches = bool.TryParse(value, out var t) ? t : throw new ArgumentException($"--touches needs true or false, not '{value}'") },
                "--recovery-rate" => o with { RecoveryRate = Int() },
                "--products" => o with { Products = Int() },
                "--product-share" => o with { ProductShare = Number() },
                "--loads" => o with { Loads = value.Split(',').Select(v => int.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"--loads needs whole numbers separated by commas, not '{value}'")).ToArray() },
                "--probes-per-second" => o with { ProbesPerSecond = Int() },
                "--probe-users" => o with { ProbeUsers = Int() },
                "--trace" => o with { Trace = value.Split(',').Select(t => NodeRuntimeEvents.Traceable.Contains(t) ? t : throw new ArgumentException($"--trace takes {string.Join(", ", NodeRuntimeEvents.Traceable)} separated by commas, not '{value}'")).ToHashSet() },
                "--settle" => o with { Settle = Int() },
                "--entities" => o with { Entities = Int() },
                "--linger" => o with { LingerMs = Int() },
                "--env" => Variable() is var (key, setting) ? o with { NodeEnvironment = new Dictionary<string, string>(o.NodeEnvironment) { [key] = setting } } : o,
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return o;
    }
}
