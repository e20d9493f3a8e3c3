namespace Streaming.Bench;

/// <summary>
/// Load against a node in a child process: single-event POSTs to /api/v1/examples/user-events and
/// batch POSTs to /api/v1/examples/batch-events?topic=user_events, each after a warm-up.
/// </summary>
internal static class GatewayBench
{
    public static async Task<IReadOnlyList<LoadResult>> RunAsync(BenchOptions o)
    {
        var work = Directory.CreateTempSubdirectory("streaming-bench-");
        var singles = Events.Singles(1000);
        var batches = Events.Batches(16, o.Batch);
        var results = new List<LoadResult>();
        Console.Error.WriteLine($"gateway: load={o.Load} connections={o.Connections} threads={o.Threads} seconds={o.Seconds} warmup={o.Warmup} partitions={o.Partitions} linger={o.LingerMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"} env=[{string.Join(' ', o.NodeEnvironment.Select(e => $"{e.Key}={e.Value}"))}] runs={o.Runs}; work dir {work.FullName}");
        for (var run = 1; run <= o.Runs; run++)
        {
            await using var node = await BenchNode.StartAsync(o, Path.Combine(work.FullName, $"node-{run}.log"));
            Console.Error.WriteLine($"  run {run}: node pid {node.Pid} at {node.Address}");
            if (o.Single)
                results.Add(await MeasureAsync(o, node, "gateway-single", "/api/v1/examples/user-events", singles, 1, work.FullName));
            if (o.Batches)
                results.Add(await MeasureAsync(o, node, $"gateway-batch{o.Batch}", "/api/v1/examples/batch-events?topic=user_events", batches, o.Batch, work.FullName));
        }
        return results;
    }

    private static async Task<LoadResult> MeasureAsync(BenchOptions o, BenchNode node, string scenario, string path,
        IReadOnlyList<byte[]> bodies, int eventsPerRequest, string work)
    {
        Task<LoadResult> Load(int seconds) => o.Load == "wrk"
            ? Wrk.RunAsync(scenario, node.Address, path, bodies, eventsPerRequest, o.Connections, o.Threads, seconds, work)
            : BuiltinLoad.RunAsync(scenario, node.Address, path, bodies, eventsPerRequest, o.Connections, seconds);

        if (o.Warmup > 0) await Load(o.Warmup);
        var cpu0 = node.CpuSeconds();
        var machine0 = ProcStat.Machine();
        var result = await Load(o.Seconds);
        var cpu1 = node.CpuSeconds();
        var machine1 = ProcStat.Machine();
        result = result with
        {
            NodeCpuCores = (cpu1 - cpu0) / result.Seconds,
            MachineCpuBusy = (double)(machine1.Busy - machine0.Busy) / Math.Max(1, machine1.Total - machine0.Total),
        };
        Console.Error.WriteLine($"    {Report.Line(result)}");
        return result;
    }
}
