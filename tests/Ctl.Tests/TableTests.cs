using Streaming.Ctl.Output;

namespace Streaming.Ctl.Tests;

public sealed class TableTests
{
    private static readonly Style Wide = Style.Plain;

    [Fact]
    public void Columns_line_up_two_spaces_apart_with_numbers_to_the_right_and_no_trailing_spaces()
    {
        var table = new Table([new("NAME"), Column.Number("COUNT"), new("NOTE")],
        [
            [new Cell("user_events"), new Cell("7"), new Cell("")],
            [new Cell("a"), new Cell("12345"), new Cell("late")],
        ]);
        Assert.Equal(
            """
            NAME         COUNT  NOTE
            user_events      7
            a            12345  late

            """, table.Render(Wide));
    }

    [Fact]
    public void A_row_with_fewer_cells_leaves_the_rest_blank() =>
        Assert.Equal("A  B\nx\n", new Table([new("A"), new("B")], [[new Cell("x")]]).Render(Wide));

    [Fact]
    public void A_table_too_wide_first_narrows_its_gaps_to_one_space()
    {
        var table = new Table([new("AAAA"), new("BBBB", Overflow: Overflow.CutEnd), new("CCCC")], [[new Cell("aaaa"), new Cell("bbbbbbbbbb"), new Cell("cccc")]]);
        // 4 + 10 + 4 = 18 columns of values: 22 with two-space gaps, 20 with one.
        Assert.Equal("AAAA BBBB       CCCC\naaaa bbbbbbbbbb cccc\n", table.Render(new Style(false, 20)));
    }

    [Fact]
    public void Then_it_cuts_the_columns_that_allow_it_keeping_the_end_they_name()
    {
        var table = new Table(
            [new("ADDRESS", Overflow: Overflow.CutStart), new("ID"), new("DESCRIPTION", Overflow: Overflow.CutEnd)],
            [[new Cell("akka.tcp://streaming@10.0.0.5:4053"), new Cell("id-that-is-never-cut"), new Cell("The order total exceeds the threshold")]]);
        var lines = table.Render(new Style(false, 60)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 60, l));
        Assert.Contains("id-that-is-never-cut", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("…", lines[1], StringComparison.Ordinal);
        Assert.Contains("10.0.0.5:4053 ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("…", lines[1], StringComparison.Ordinal);
        Assert.Contains(" The order", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_is_never_cut_below_its_header_or_eight_characters_even_if_the_table_stays_too_wide()
    {
        var table = new Table([new("ADDRESS", Overflow: Overflow.CutStart), new("FIXED")], [[new Cell("0123456789abcdef"), new Cell("0123456789")]]);
        Assert.Equal("ADDRESS  FIXED\n…9abcdef 0123456789\n", table.Render(new Style(false, 12)));
    }

    [Fact]
    public void Colour_is_drawn_only_when_the_style_asks_for_it()
    {
        var table = new Table([new("MEMBER"), new("REACHABLE")], [[new Cell("a"), new Cell("no", Tone.Bad)]]);
        Assert.DoesNotContain('\u001b', table.Render(Wide));
        var painted = table.Render(new Style(true, 100));
        Assert.Contains("\u001b[1mMEMBER\u001b[0m", painted, StringComparison.Ordinal);
        Assert.Contains("\u001b[31mno\u001b[0m", painted, StringComparison.Ordinal);
    }
}
