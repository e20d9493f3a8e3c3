namespace Streaming.Ctl.Output;

/// <summary>
/// Rows under headers in aligned columns, two spaces apart, fitted to the style's width: first by narrowing the gaps to
/// one space, then by cutting the columns that allow it (widest first) — plain text unless the style has colour.
/// </summary>
internal sealed record Table(IReadOnlyList<Column> Columns, IReadOnlyList<IReadOnlyList<Cell>> Rows)
{
    /// <summary>The narrowest a cut column becomes: a few characters of a value still tell rows apart.</summary>
    private const int MinimumCut = 8;

    public string Render(Style style)
    {
        var natural = Columns.Select((c, i) => Rows.Select(r => Text(r, i).Length).Append(c.Header.Length).Max()).ToArray();
        // Values one space apart still read as columns; cut values lose what tells rows apart, so they come last.
        var gap = natural.Sum() + 2 * (natural.Length - 1) <= style.Width ? 2 : 1;
        var widths = Fit(natural, style.Width - gap * (natural.Length - 1));
        var lines = new List<string> { Line(Columns.Select(c => new Cell(c.Header, Output.Tone.Heading)).ToList(), widths, gap, style) };
        lines.AddRange(Rows.Select(row => Line(row, widths, gap, style)));
        return string.Concat(lines.Select(l => l + "\n"));
    }

    /// <summary>Column widths whose sum fits <paramref name="room"/> where cutting allows.</summary>
    private int[] Fit(int[] natural, int room)
    {
        var widths = (int[])natural.Clone();
        var excess = widths.Sum() - room;
        foreach (var i in Enumerable.Range(0, widths.Length).Where(i => Columns[i].Overflow != Overflow.Keep).OrderByDescending(i => widths[i]))
        {
            if (excess <= 0) break;
            var floor = Math.Min(widths[i], Math.Max(Columns[i].Header.Length, MinimumCut));
            var cut = Math.Min(excess, widths[i] - floor);
            widths[i] -= cut;
            excess -= cut;
        }
        return widths;
    }

    private string Line(IReadOnlyList<Cell> row, int[] widths, int gap, Style style)
    {
        var cells = Columns.Select((column, i) =>
        {
            var text = Cut(Text(row, i), widths[i], column.Overflow);
            var padding = new string(' ', widths[i] - text.Length);
            var painted = style.Paint(text, ToneOf(row, i));
            return column.Align == Align.Right ? padding + painted : painted + (i == Columns.Count - 1 ? "" : padding);
        });
        return string.Join(new string(' ', gap), cells).TrimEnd();
    }

    private static string Text(IReadOnlyList<Cell> row, int i) => i < row.Count ? row[i].Text : "";

    private static Tone ToneOf(IReadOnlyList<Cell> row, int i) => i < row.Count ? row[i].Tone : Output.Tone.Plain;

    private static string Cut(string text, int width, Overflow overflow) =>
        text.Length <= width ? text
        : overflow == Overflow.CutStart ? "…" + text[^(width - 1)..]
        : text[..(width - 1)] + "…";
}
