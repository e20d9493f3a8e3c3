using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary>
/// One record of <c>GET /api/v1/streaming/topics/{name}/tail</c> ({topic, partition, offset, timestamp, key, headers,
/// value}) as one line: where it is in the log, when, its key, its headers when it has any, and its value as compact JSON
/// (a value that is not JSON as the text it is).
/// </summary>
internal static class RecordLine
{
    public static string Render(JsonElement record, Style style)
    {
        var headers = record.Properties("headers").Select(h => h.Name + "=" + JsonFields.Show(h.Value)).ToList();
        var parts = new List<string>
        {
            style.Paint($"{record.Text("topic")}/{record.Text("partition")}@{record.Text("offset")}", Tone.Heading),
            Formats.Timestamp(record.String("timestamp")),
            "key=" + record.Text("key"),
        };
        if (headers.Count > 0) parts.Add("headers{" + string.Join(", ", headers) + "}");
        parts.Add(JsonFields.Show(record.Field("value")));
        return string.Join("  ", parts) + "\n";
    }
}
