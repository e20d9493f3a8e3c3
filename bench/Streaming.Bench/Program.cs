using Streaming.Bench;

// Streaming.Bench — load generators and benchmarks (docs/benchmarks.md).
//   gateway  [--seconds 20] [--warmup 5] [--connections 64] [--threads 2] [--batch 500] [--partitions 6]
//            [--runs 1] [--mode both|single|batch] [--load wrk|builtin]
//   bare     [--seconds 20] [--warmup 5] [--connections 64] [--batch 500] [--partitions 6] [--runs 1]
//   all      both of the above, then the ratio gateway/bare
//   engine   [--seconds 20] [--warmup 10] [--partitions 6] [--runs 1] [--persistence sqlite|postgresql|both]
//            [--users 100000] [--active 10000] [--sim-ms-per-event 2] [--memory-users 20000] [--recovery true]
//            [--recovery-rate 0] [--env K=V]
//   analytics [--seconds 20] [--warmup 10] [--partitions 6] [--persistence sqlite|postgresql|both] [--users 100000]
//            [--active 10000] [--products 10000] [--product-share 0.5] [--sim-ms-per-event 2] [--loads 1000,10000]
//            [--probes-per-second 10] [--probe-users 0] [--settle 3] [--trace allocations,jit] [--env K=V]
//   journal  [--persistence sqlite|postgresql|both] [--entities 2000] [--runs 1]
//   sharding [--seconds 20] [--warmup 10] [--partitions 6] [--batch 500] [--entities 2000]
//   floor    [--seconds 20] [--warmup 10] [--partitions 6] [--users 100000] [--active 10000] [--products 10000]
//            [--product-share 0.5] [--touches true]
var command = args.Length == 0 || args.Any(a => a is "--help" or "-h") ? "help" : args[0];
BenchOptions options;
try
{
    options = BenchOptions.Parse(command == "help" ? [] : args.Skip(1).ToArray());
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{e.Message}; `Streaming.Bench help` lists the options");
    return 2;
}
if (command is "gateway" or "bare" or "all" or "engine" or "analytics" or "journal" or "sharding" or "floor")
{
    // Other work on the machine skews every figure: say how busy it is before we start.
    var before = ProcStat.Machine();
    await Task.Delay(2000);
    var after = ProcStat.Machine();
    Console.Error.WriteLine($"machine: {Environment.ProcessorCount} cores, {(double)(after.Busy - before.Busy) / Math.Max(1, after.Total - before.Total):P0} busy before the benchmark, load average {ProcStat.LoadAverage():N2}");
}
switch (command)
{
    case "gateway":
        Report.Print(await GatewayBench.RunAsync(options), null);
        return 0;
    case "bare":
        Report.Print(null, await BareBench.RunAsync(options));
        return 0;
    case "engine":
        EngineBench.Print(await EngineBench.RunAsync(options));
        return 0;
    case "analytics":
        AnalyticsBench.Print(await AnalyticsBench.RunAsync(options));
        return 0;
    case "journal":
        await JournalBench.RunAsync(options);
        return 0;
    case "sharding":
        await ShardingBench.RunAsync(options);
        return 0;
    case "kinesis": await KinesisBench.RunAsync(options); return 0;
    case "cdc": await CdcBench.RunAsync(options); return 0;
    case "floor":
        await FloorBench.RunAsync(options);
        return 0;
    case "all":
        var gateway = await GatewayBench.RunAsync(options);
        var bare = await BareBench.RunAsync(options);
        Report.Print(gateway, bare);
        return 0;
    default:
        Console.WriteLine("""
            usage: Streaming.Bench <gateway|bare|all|engine|analytics|journal|sharding|floor> [options]
              --seconds N       measured seconds per scenario (20)
              --warmup N        warm-up seconds before each measurement (10)
              --connections N   concurrent HTTP connections / in-flight producer calls (64)
              --threads N       wrk threads (2)
              --batch N         events per batch request (500)
              --partitions N    partitions of user_events (6)
              --runs N          repetitions; the median is reported (1)
              --linger N        producer linger.ms of node and bare producer (gateway default: 5)
              --env K=V         extra environment of the node process (repeatable)
              --mode M          gateway scenarios: both, single or batch (both)
              --load L          HTTP load generator: wrk (Debian's wrk) or builtin (HttpClient) (wrk if installed)
            engine (processing engine: user_events → sessions, durable state; docs/benchmarks.md):
              --persistence P   sqlite, postgresql or both (both)
              --users N         distinct users of the generated traffic (100000)
              --active N        users in a session at any moment (10000)
              --sim-ms-per-event X  event-time milliseconds per generated event (2)
              --memory-users N  idle users for the memory-per-entity measurement; 0 skips it (20000)
              --recovery B      measure recovery after SIGKILL (true)
              --recovery-rate N generator events/s during the recovery measurement (0 = half the throughput, ≤ 20000)
            analytics (popularity, trending, order anomalies: events/s, then HIGH_VALUE alert latency; docs/benchmarks.md):
              --persistence P   sqlite, postgresql or both (both); --users N users placing orders (100000)
              --active N        open orders at any moment (10000); --products N products (10000)
              --product-share X share of product events, the rest are order events (0.5)
              --loads A,B       background events/s during the latency measurement (1000,10000)
              --probes-per-second N  high-value orders POSTed per second, for --seconds (10)
              --probe-users N   distinct users placing them (0: a new user each time) (0)
              --settle S        seconds at the paced load, after the backlog is worked off, before probing (3)
              --trace T,U       report the node's sampled allocations by type and/or JIT compilations per window
                                (allocations, jit; the node's GC is always reported) (none)
            journal (Akka.Persistence.Sql per entity: Persist each vs one JournalWriter request vs recovery):
              --persistence P   sqlite, postgresql or both (both); --entities N actors per measurement (2000)
            sharding (one command to a sharded entity and its answer, the engine's path without state: the floor per entity touch):
              --partitions N    concurrent processors (6); --batch N commands per round (500); --entities N entities (2000)
            floor (the engine's plumbing alone: its Kafka source, parsing and the entity touches per event, entities that only answer):
              --users, --active, --products, --product-share as for analytics; --touches B  take inputs to entities (true)
            """);
        return command == "help" ? 0 : 2;
}
