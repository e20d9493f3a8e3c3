namespace Streaming.Ctl.Output;

/// <summary>Labelled values one per line, the values aligned after the longest label: a record's fields, a table's footer.</summary>
internal static class Pairs
{
    public static string Render(IEnumerable<(string Label, Cell Value)> pairs, Style style)
    {
        var list = pairs.ToList();
        if (list.Count == 0) return "";
        var width = list.Max(p => p.Label.Length);
        return string.Concat(list.Select(p => (p.Label.PadRight(width) + "  " + style.Paint(p.Value.Text, p.Value.Tone)).TrimEnd() + "\n"));
    }
}
