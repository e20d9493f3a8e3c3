using Streaming.Ctl.Http;
using Streaming.Ctl.Views;

namespace Streaming.Ctl.Commands;

/// <summary>The node's own views: health, status, topics, metrics.</summary>
internal static class NodeCommands
{
    public static IEnumerable<CtlCommand> Create() =>
    [
        new("health", "Per-dependency health of the node (exit 1 when it is unhealthy).",
            ["streaming-ctl health", "streaming-ctl health --url http://10.0.0.5:8888"], HealthAsync),
        new("status", "Bootstrap servers, embedded broker, topics and what this gateway produced.",
            ["streaming-ctl status", "streaming-ctl status --json"], call => call.GetAsync("/api/v1/examples/streaming-status", StatusView.Render)),
        new("topics", "Topics with their partition counts.",
            ["streaming-ctl topics"], call => call.GetAsync("/api/v1/streaming/topics", TopicsView.Render)),
        new("metrics", "This node's engine: counters, its partitions' checkpoints and watermarks.",
            ["streaming-ctl metrics", "streaming-ctl metrics --json | jq .totals"], call => call.GetAsync("/api/v1/analytics/processing-metrics", MetricsView.Render)),
    ];

    /// <summary>An unhealthy node answers 503 with the same report (not a problem document): shown like a healthy one, exit 1.</summary>
    private static async Task<int> HealthAsync(Call call)
    {
        var answer = await call.Node.SendAsync(HttpMethod.Get, "/health/", call.Host.RequestTimeout, call.Cancellation);
        if (answer.Ok || answer.Status != 503 || ProblemDocument.Parse(answer.Body) is not null)
            return answer.Ok ? await call.ShowAsync(answer, HealthView.Render) : await call.FailAsync(answer);
        var shown = await call.ShowAsync(answer, HealthView.Render);
        if (shown != ExitCodes.Ok) return shown;
        await call.Error.WriteLineAsync("The node is unhealthy (503): a dependency it needs is down; start it or check the node's configuration.");
        return ExitCodes.NodeError;
    }
}
