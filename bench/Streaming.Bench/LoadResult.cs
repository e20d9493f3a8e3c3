namespace Streaming.Bench;

/// <summary>One measured load run: requests, events, non-2xx answers, latency percentiles in ms.</summary>
internal sealed record LoadResult(string Scenario, double Seconds, long Requests, long Events, long Failures, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Seconds;
    public double EventsPerSecond => Events / Seconds;
    public double NodeCpuCores { get; init; }
    public double MachineCpuBusy { get; init; }
}
