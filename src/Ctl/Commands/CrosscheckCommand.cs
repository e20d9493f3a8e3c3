using System.CommandLine;
using System.Text.Json;
using Streaming.Ctl.Http;
using Streaming.Ctl.Views;

namespace Streaming.Ctl.Commands;

/// <summary>The cross-check of spec §6: two sides' results for a range of result event time, compared by result id.</summary>
internal static class CrosscheckCommand
{
    public static CtlCommand Create()
    {
        var from = new Option<string>("--from") { Description = "Start of the range of result event time (inclusive), ISO-8601", HelpName = "TIME", Required = true };
        var to = new Option<string>("--to") { Description = "End of the range (exclusive), ISO-8601", HelpName = "TIME", Required = true };
        var left = new Option<string>("--left") { Description = "The reference side: a result topic [default: the engine's four result topics]", HelpName = "TOPIC" };
        var right = new Option<string>("--right") { Description = "The side checked: a result topic, e.g. flink_user_session_analytics", HelpName = "TOPIC" };
        var engine = new Option<string>("--engine") { Description = "Check against an engine instead of a topic: duckdb [default when --right is not given]", HelpName = "NAME" };
        var command = new CtlCommand("crosscheck", "Compare two sides' results by result id: missing, extra and differing records. Exit 0 only when they agree.",
            [
                "streaming-ctl crosscheck --from 2026-12-01T09:00Z --to 2026-12-01T10:00Z",
                "streaming-ctl crosscheck --from … --to … --right flink_user_session_analytics",
                "streaming-ctl crosscheck --from … --to … --json | jq '.differences[]'",
            ],
            async call =>
            {
                var path = "/api/v1/admin/crosscheck" + NodeUrl.Query(("from", call.Value(from)), ("to", call.Value(to)), ("left", call.Value(left)),
                    ("right", call.Value(right)), ("engine", call.Value(engine)));
                NodeAnswer answer;
                await using (Output.Progress.Start(call.Error, call.Host.ErrorIsTerminal, "Cross-checking (the node reads both sides)"))
                    answer = await call.Node.SendAsync(HttpMethod.Get, path, call.Host.LongRequestTimeout, call.Cancellation);
                if (!answer.Ok) return await call.FailAsync(answer);
                var shown = await call.ShowAsync(answer, CrosscheckView.Render);
                if (shown != ExitCodes.Ok) return shown;
                using var report = JsonDocument.Parse(answer.Body);
                if (report.RootElement.TryGetProperty("agrees", out var agrees) && agrees.ValueKind == JsonValueKind.True) return ExitCodes.Ok;
                await call.Error.WriteLineAsync("The two sides differ (see the differences above).");
                return ExitCodes.NodeError;
            })
        {
            from, to, left, right, engine,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(right) is not null && result.GetResult(engine) is not null)
                result.AddError("Give either --right or --engine: the checked side is a topic or an engine.");
        });
        return command;
    }
}
