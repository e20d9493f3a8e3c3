using System.Globalization;
using System.Text.Json;

namespace Streaming.Bench;

/// <summary>Medians over runs, ratios gateway/bare, as a table and one JSON line.</summary>
internal static class Report
{
    public static string Line(LoadResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Scenario,-22} {r.RequestsPerSecond,12:N0} req/s {r.EventsPerSecond,12:N0} events/s  p50 {r.P50Ms,7:N2} ms  p99 {r.P99Ms,7:N2} ms  failed {r.Failures}  node/producer CPU {r.NodeCpuCores:N2} cores  machine busy {r.MachineCpuBusy:P0}");

    public static void Print(IReadOnlyList<LoadResult>? gateway, IReadOnlyList<LoadResult>? bare)
    {
        var medians = (gateway ?? []).Concat(bare ?? []).GroupBy(r => r.Scenario).Select(Median).ToList();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"scenario",-22} {"runs",4} {"requests/s",12} {"events/s",12} {"p50 ms",8} {"p99 ms",8} {"failed",7} {"CPU cores",9} {"machine busy",12}"));
        foreach (var (r, runs) in medians)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Scenario,-22} {runs,4} {r.RequestsPerSecond,12:N0} {r.EventsPerSecond,12:N0} {r.P50Ms,8:N2} {r.P99Ms,8:N2} {r.Failures,7} {r.NodeCpuCores,9:N2} {r.MachineCpuBusy,12:P0}"));

        var json = new Dictionary<string, object>();
        foreach (var (r, runs) in medians)
            json[r.Scenario] = new Dictionary<string, object>
            {
                ["runs"] = runs,
                ["requests_per_s"] = Math.Round(r.RequestsPerSecond),
                ["events_per_s"] = Math.Round(r.EventsPerSecond),
                ["p50_ms"] = double.IsNaN(r.P50Ms) ? -1 : Math.Round(r.P50Ms, 2),
                ["p99_ms"] = double.IsNaN(r.P99Ms) ? -1 : Math.Round(r.P99Ms, 2),
                ["failed"] = r.Failures,
                ["cpu_cores"] = Math.Round(r.NodeCpuCores, 2),
                ["machine_busy"] = Math.Round(r.MachineCpuBusy, 2),
            };
        double? Rate(string prefix) => medians.FirstOrDefault(m => m.Result.Scenario.StartsWith(prefix, StringComparison.Ordinal)).Result?.EventsPerSecond;
        var ratios = new Dictionary<string, double>();
        void Ratio(string name, string g, string b)
        {
            if (Rate(g) is { } x && Rate(b) is { } y && y > 0) ratios[name] = Math.Round(x / y, 3);
        }
        Ratio("batch/bare_produce", "gateway-batch", "bare-produce");
        Ratio("batch/bare_async_batch", "gateway-batch", "bare-async-batch");
        Ratio("single/bare_produce", "gateway-single", "bare-produce");
        Ratio("single/bare_async_single", "gateway-single", "bare-async-single");
        if (ratios.Count > 0)
        {
            Console.WriteLine();
            foreach (var (name, value) in ratios) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio gateway {name,-26} {value:P1}"));
            json["ratios"] = ratios;
        }
        Console.WriteLine();
        Console.WriteLine(JsonSerializer.Serialize(json));
    }

    /// <summary>The run with the median events/s of a scenario.</summary>
    private static (LoadResult Result, int Runs) Median(IGrouping<string, LoadResult> runs)
    {
        var ordered = runs.OrderBy(r => r.EventsPerSecond).ToList();
        return (ordered[ordered.Count / 2], ordered.Count);
    }
}
