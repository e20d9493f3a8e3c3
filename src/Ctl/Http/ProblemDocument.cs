using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Http;

/// <summary>
/// An RFC 9457 problem document as the gateway sends it (type, title, status, detail; validation problems add
/// <c>errors</c> {field: [message]}), plus the lists of names some problems carry (a refused state reset names the
/// partitions that were reset anyway).
/// </summary>
internal sealed record ProblemDocument(string? Type, string? Title, int? Status, string? Detail,
    IReadOnlyList<(string Field, string Message)> Errors, IReadOnlyList<(string Name, IReadOnlyList<string> Items)> Lists)
{
    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal) { "type", "title", "status", "detail", "instance", "errors", "traceId" };

    /// <summary>The problem in <paramref name="body"/>, or null when it is not one (not JSON, or an object with neither title nor detail).</summary>
    public static ProblemDocument? Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || (root.String("title") is null && root.String("detail") is null)) return null;
            var errors = root.Properties("errors")
                .SelectMany(field => field.Value.Items().Select(message => (field.Name, JsonFields.Show(message)))).ToList();
            var lists = root.EnumerateObject()
                .Where(p => !Standard.Contains(p.Name) && p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() > 0
                    && p.Value.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String))
                .Select(p => (p.Name, (IReadOnlyList<string>)p.Value.EnumerateArray().Select(i => i.GetString()!).ToList())).ToList();
            return new ProblemDocument(root.String("type"), root.String("title"), (int?)root.Number("status"), root.String("detail"), errors, lists);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The title and detail on one line, then one line per invalid field and per list.</summary>
    public IReadOnlyList<string> Lines(int status)
    {
        var heading = $"{Title ?? "The node refused the request"} ({Status ?? status})";
        var lines = new List<string> { Detail is null ? heading + "." : heading + ": " + Detail };
        lines.AddRange(Errors.Select(e => $"  {e.Field}: {e.Message}"));
        lines.AddRange(Lists.Select(l => $"  {l.Name}: {string.Join(", ", l.Items)}"));
        return lines;
    }
}
