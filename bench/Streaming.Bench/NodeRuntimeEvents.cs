using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Streaming.Bench;

/// <summary>
/// The node's runtime events, read from its EventPipe: always its garbage collections (informational
/// level, cheap enough to leave on) — per window how many of each generation, how long the runtime
/// was suspended and the longest suspension, what a gen0 collection promoted; on request
/// (<c>--trace allocations,jit</c>) the sampled allocations by type (every ~100 KB, verbose level: it
/// costs the node some throughput) and the methods the JIT compiled by tier. A latency tail that the
/// percentiles only show is then seen next to the pauses that make it.
/// </summary>
internal sealed class NodeRuntimeEvents : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(DateTime At, int Generation)> _starts = [];
    private readonly List<(DateTime At, double Milliseconds)> _pauses = [];
    private readonly List<(DateTime At, long Bytes)> _promotedByGen0 = [];
    private readonly List<(DateTime At, string Type, long Bytes)> _allocations = [];
    private readonly List<(DateTime At, string Tier)> _compiled = [];
    private readonly IReadOnlySet<string> _traced;
    private readonly EventPipeSession? _session;
    private readonly Task _reader = Task.CompletedTask;
    private readonly string? _failure;

    private NodeRuntimeEvents(int pid, IReadOnlySet<string> traced)
    {
        _traced = traced;
        var keywords = ClrTraceEventParser.Keywords.GC | (traced.Contains("jit") ? ClrTraceEventParser.Keywords.Jit : 0);
        var level = traced.Count > 0 ? EventLevel.Verbose : EventLevel.Informational;
        try
        {
            _session = new DiagnosticsClient(pid).StartEventPipeSession(
                [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", level, (long)keywords)], requestRundown: false);
            var source = new EventPipeEventSource(_session.EventStream);
            var suspendedAt = DateTime.MinValue;
            var generation = 0;
            source.Clr.GCStart += e =>
            {
                generation = e.Depth;
                lock (_gate) _starts.Add((e.TimeStamp.ToUniversalTime(), e.Depth));
            };
            source.Clr.GCHeapStats += e =>
            {
                if (generation == 0) lock (_gate) _promotedByGen0.Add((e.TimeStamp.ToUniversalTime(), e.TotalPromotedSize0));
            };
            source.Clr.GCSuspendEEStart += e => suspendedAt = e.TimeStamp.ToUniversalTime();
            source.Clr.GCRestartEEStop += e =>
            {
                if (suspendedAt == DateTime.MinValue) return;
                var at = e.TimeStamp.ToUniversalTime();
                lock (_gate) _pauses.Add((at, (at - suspendedAt).TotalMilliseconds));
                suspendedAt = DateTime.MinValue;
            };
            if (traced.Contains("allocations"))
                source.Clr.GCAllocationTick += e =>
                {
                    lock (_gate) _allocations.Add((e.TimeStamp.ToUniversalTime(), e.TypeName ?? "?", e.AllocationAmount64));
                };
            if (traced.Contains("jit"))
                source.Clr.MethodLoadVerbose += e =>
                {
                    lock (_gate) _compiled.Add((e.TimeStamp.ToUniversalTime(), e.OptimizationTier.ToString()));
                };
            _reader = Task.Run(source.Process);
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException)
        {
            _failure = e.Message;
        }
    }

    /// <summary>The runtime events that <c>--trace</c> may add to the GC's.</summary>
    public static IReadOnlyList<string> Traceable { get; } = ["allocations", "jit"];

    /// <summary>Starts reading the runtime events of process <paramref name="pid"/> (a .NET process with diagnostics enabled).</summary>
    public static NodeRuntimeEvents Attach(int pid, IReadOnlySet<string> traced) => new(pid, traced);

    /// <summary>Lines on what happened between <paramref name="from"/> and <paramref name="to"/> (UTC); events arrive with a delay of about a second.</summary>
    public IReadOnlyList<string> Summary(DateTime from, DateTime to)
    {
        if (_failure is not null) return [$"node runtime events not traced ({_failure})"];
        var lines = new List<string>();
        bool In(DateTime at) => at >= from && at < to;
        var seconds = Math.Max(0.001, (to - from).TotalSeconds);
        lock (_gate)
        {
            var starts = _starts.Where(s => In(s.At)).ToList();
            var pauses = _pauses.Where(p => In(p.At)).Select(p => p.Milliseconds).ToList();
            var promoted = _promotedByGen0.Where(p => In(p.At)).Select(p => p.Bytes).ToList();
            int Count(int generation) => starts.Count(s => s.Generation == generation);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"node GC: {starts.Count} collections (gen0 {Count(0)}, gen1 {Count(1)}, gen2 {Count(2)}), suspended {pauses.Sum():N0} ms of {seconds * 1000:N0} ({pauses.Sum() / (seconds * 1000):P0}), longest {(pauses.Count == 0 ? 0 : pauses.Max()):N0} ms; a gen0 collection promoted {(promoted.Count == 0 ? 0 : promoted.Average() / 1e6):N1} MB"));
            if (_traced.Contains("allocations"))
            {
                var allocations = _allocations.Where(a => In(a.At)).ToList();
                var total = Math.Max(1, allocations.Sum(a => a.Bytes));
                var top = allocations.GroupBy(a => a.Type).Select(g => (Type: g.Key, Bytes: g.Sum(a => a.Bytes))).OrderByDescending(t => t.Bytes).Take(12);
                var types = string.Join(", ", top.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Type} {(double)t.Bytes / total:P1}")));
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"node allocations (sampled): {total / 1e6 / seconds:N0} MB/s; {types}"));
            }
            if (_traced.Contains("jit"))
            {
                var compiled = _compiled.Where(c => In(c.At)).ToList();
                lines.Add($"node JIT: {compiled.Count} methods compiled (" +
                    string.Join(", ", compiled.GroupBy(c => c.Tier).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")) + ")");
            }
        }
        return lines;
    }

    public void Dispose()
    {
        if (_session is null) return;
        try
        {
            _session.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException)
        {
            // The node has exited: its stream is at an end anyway.
        }
        _reader.Wait(TimeSpan.FromSeconds(5));
        _session.Dispose();
    }
}
