using System.CommandLine;
using Streaming.Ctl.Http;
using Streaming.Ctl.Views;

namespace Streaming.Ctl.Commands;

/// <summary>The stream processing: partitions, a topic's records, the analytics' live views, and resetting stored state.</summary>
internal static class StreamingCommands
{
    public static IEnumerable<CtlCommand> Create() => [Partitions(), Tail(), Live("session", "user", "The user's open session as it would be emitted now.",
            "users", "session", SessionView.Render, "u42"),
        Live("alerts", "user", "The user's recent order anomaly alerts, oldest first.", "users", "alerts", AlertsView.Render, "u42"),
        Live("windows", "product", "The product's open sliding windows with their figures so far.", "products", "windows", WindowsView.Render, "p7"),
        State()];

    private static CtlCommand Partitions() =>
        new("partitions", "Every input partition: owner, state, offsets, lag, watermark and delay.",
            ["streaming-ctl partitions", "streaming-ctl partitions --json | jq '.partitions[] | select(.lag > 1000)'"],
            call => call.GetAsync("/api/v1/admin/partitions", PartitionsView.Render));

    private static CtlCommand Tail()
    {
        var topic = Arguments.Text("topic", "The topic to follow, e.g. user_events");
        var fromBeginning = new Option<bool>("--from-beginning") { Description = "Start at the oldest record the log keeps [default: new records only]" };
        var key = new Option<string>("--key") { Description = "Only records with this key", HelpName = "K" };
        var count = Arguments.Count("records");
        return new CtlCommand("tail", "A topic's records as they arrive, one line each.",
            ["streaming-ctl tail user_events", "streaming-ctl tail order_events --from-beginning --key u42 --count 20", "streaming-ctl tail user_events --json | jq .value"],
            call =>
            {
                var name = call.Value(topic);
                var query = NodeUrl.Query(("from_beginning", call.Value(fromBeginning) ? "true" : null), ("key", call.Value(key)),
                    ("limit", call.Value(count)?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return call.TailAsync($"/api/v1/streaming/topics/{NodeUrl.Segment(name)}/tail{query}", "record", RecordLine.Render, call.Value(count),
                    $"Waiting for records of {name}");
            })
        {
            topic, fromBeginning, key, count,
        };
    }

    private static CtlCommand Live(string name, string argument, string description, string noun, string view, View draw, string example)
    {
        var id = Arguments.Text(argument, $"The {argument} id");
        return new CtlCommand(name, description, [$"streaming-ctl {name} {example}", $"streaming-ctl {name} {example} --json"],
            call => call.GetAsync($"/api/v1/analytics/{noun}/{NodeUrl.Segment(call.Value(id))}/{view}", draw))
        {
            id,
        };
    }

    private static CtlCommand State()
    {
        var topic = new Option<string>("--topic") { Description = "Only this input topic's partitions [default: every input topic]", HelpName = "T" };
        var partition = Arguments.WholeNumber("--partition", "P", "Only this partition of --topic", 0);
        var reset = new CtlCommand("reset", "Drop input partitions' stored state so they start afresh (not while processed).",
            ["streaming-ctl state reset --topic user_events --partition 0", "streaming-ctl state reset"],
            call => call.SendAsync(HttpMethod.Post,
                "/api/v1/admin/state/reset" + NodeUrl.Query(("topic", call.Value(topic)),
                    ("partition", call.Value(partition)?.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                StateResetView.Render, call.Host.LongRequestTimeout, "Resetting stored state (the node waits for the engine)"))
        {
            topic, partition,
        };
        reset.Validators.Add(result =>
        {
            if (result.GetResult(partition) is not null && result.GetResult(topic) is null)
                result.AddError("--partition needs --topic: partitions are numbered per topic.");
        });
        var group = new CtlCommand("state", "The engine's stored partition state.", ["streaming-ctl state reset --topic user_events --partition 0"]);
        group.Add(reset);
        return group;
    }
}
