using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Streaming.Bench;

/// <summary>
/// The node's garbage collections, read from its EventPipe (the runtime's GC events at informational
/// level, cheap enough to leave on): per window, how many collections of each generation, how long the
/// runtime was suspended and the longest suspension, and what a gen0 collection promoted. A latency
/// tail that the percentiles only show is then seen next to the pauses that make it.
/// </summary>
internal sealed class NodeGc : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(DateTime At, int Generation)> _starts = [];
    private readonly List<(DateTime At, double Milliseconds)> _pauses = [];
    private readonly List<(DateTime At, long Bytes)> _promotedByGen0 = [];
    private readonly EventPipeSession? _session;
    private readonly Task _reader = Task.CompletedTask;
    private readonly string? _failure;

    private NodeGc(int pid)
    {
        try
        {
            _session = new DiagnosticsClient(pid).StartEventPipeSession(
                [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC)], requestRundown: false);
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
            _reader = Task.Run(source.Process);
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException)
        {
            _failure = e.Message;
        }
    }

    /// <summary>Starts reading the GC events of process <paramref name="pid"/> (a .NET process with diagnostics enabled).</summary>
    public static NodeGc Attach(int pid) => new(pid);

    /// <summary>One line on the collections between <paramref name="from"/> and <paramref name="to"/> (UTC); events arrive with a delay of about a second.</summary>
    public string Summary(DateTime from, DateTime to)
    {
        if (_failure is not null) return $"node GC not traced ({_failure})";
        bool In(DateTime at) => at >= from && at < to;
        lock (_gate)
        {
            var starts = _starts.Where(s => In(s.At)).ToList();
            var pauses = _pauses.Where(p => In(p.At)).Select(p => p.Milliseconds).ToList();
            var promoted = _promotedByGen0.Where(p => In(p.At)).Select(p => p.Bytes).ToList();
            var window = (to - from).TotalMilliseconds;
            int Count(int generation) => starts.Count(s => s.Generation == generation);
            return string.Create(CultureInfo.InvariantCulture,
                $"node GC: {starts.Count} collections (gen0 {Count(0)}, gen1 {Count(1)}, gen2 {Count(2)}), suspended {pauses.Sum():N0} ms of {window:N0} ({pauses.Sum() / Math.Max(1, window):P0}), longest {(pauses.Count == 0 ? 0 : pauses.Max()):N0} ms; a gen0 collection promoted {(promoted.Count == 0 ? 0 : promoted.Average() / 1e6):N1} MB");
        }
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
