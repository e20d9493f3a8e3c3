using System.Globalization;
using System.Text;
using System.Text.Json;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>Renders a <see cref="CrosscheckReport"/> as fixed-width text.</summary>
internal static class ReportTable
{
    public static string Render(CrosscheckReport report, int valueWidth)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"crosscheck {ResultTime.Format(report.From)} .. {ResultTime.Format(report.To)}");
        text.AppendLine(c, $"  left:  {report.Left}");
        text.AppendLine(c, $"  right: {report.Right}");
        text.AppendLine();
        Rows(text, ["KIND", "LEFT", "RIGHT", "MATCHED", "MISSING", "EXTRA", "DIFFERING", "CONFLICTS", "UNREADABLE"],
            report.Kinds.Select(k => new[]
            {
                ResultKinds.Name(k.Kind), N(k.Left), N(k.Right), N(k.Matched), N(k.Missing), N(k.Extra), N(k.Differing), N(k.Conflicts), N(k.Unreadable),
            }));
        if (!report.Differences.IsEmpty)
        {
            text.AppendLine();
            Rows(text, ["KIND", "TYPE", "ID", "FIELD", "LEFT", "RIGHT"],
                report.Differences.Select(d => new[]
                {
                    ResultKinds.Name(d.Kind), Type(d.Type), d.Id, d.Field ?? "-", Value(d.Left, valueWidth), Value(d.Right, valueWidth),
                }));
        }

        foreach (var note in report.Notes)
        {
            text.AppendLine(c, $"note: {note}");
        }

        text.AppendLine(report.Agrees ? "AGREES" : string.Create(c, $"DIFFERS: {report.DifferenceCount} differences"));
        return text.ToString();
    }

    private static void Rows(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Type(DifferenceType type) => type.ToString().ToLowerInvariant();

    private static string Value(JsonElement? value, int width)
    {
        if (value is null)
        {
            return "-";
        }

        var raw = value.Value.GetRawText().ReplaceLineEndings(" ");
        return raw.Length <= width ? raw : raw[..(width - 1)] + "…";
    }
}
