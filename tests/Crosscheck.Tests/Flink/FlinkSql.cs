using System.Globalization;
using System.Text.RegularExpressions;

namespace Streaming.Crosscheck.Tests.Flink;

/// <summary>Reads a flink-jobs/*.sql file for the structure tests: comments dropped, whitespace folded.</summary>
public sealed partial class FlinkSql
{
    private FlinkSql(string name, string text)
    {
        Name = name;
        Text = text;
    }

    public string Name { get; }

    /// <summary>The SQL without comments, every run of whitespace one space.</summary>
    public string Text { get; }

    public static FlinkSql Load(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "flink-jobs"))) dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("flink-jobs/ not found above " + AppContext.BaseDirectory), "flink-jobs", file);
        var lines = File.ReadAllLines(path).Select(l => CommentRegex().Replace(l, ""));
        return new FlinkSql(file, WhitespaceRegex().Replace(string.Join(" ", lines), " "));
    }

    /// <summary>The column list of <c>CREATE TABLE name (...)</c>, as text.</summary>
    public string TableBody(string table)
    {
        var start = Text.IndexOf($"CREATE TABLE {table} (", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{Name} creates no table {table}");
        var open = Text.IndexOf('(', start);
        var depth = 0;
        for (var i = open; i < Text.Length; i++)
        {
            depth += Text[i] switch { '(' or '<' => 1, ')' or '>' => -1, _ => 0 };
            if (depth == 0) return Text[(open + 1)..i];
        }

        throw new InvalidOperationException($"{table}'s column list does not end");
    }

    /// <summary>The top-level column names of a table (metadata columns such as <c>headers</c> excluded).</summary>
    public List<string> Columns(string table) =>
        [.. SplitTopLevel(TableBody(table)).Select(c => c.Trim()).Where(c => !c.StartsWith("WATERMARK", StringComparison.Ordinal) && !c.Contains(" METADATA", StringComparison.Ordinal))
            .Select(c => c.Split(' ')[0].Trim('`'))];

    /// <summary>The field names of the first <c>ROW&lt;...&gt;</c> in a type text.</summary>
    public static List<string> RowFields(string type)
    {
        var open = type.IndexOf("ROW<", StringComparison.Ordinal) + 3;
        var depth = 0;
        for (var i = open; i < type.Length; i++)
        {
            depth += type[i] switch { '<' => 1, '>' => -1, _ => 0 };
            if (depth == 0) return [.. SplitTopLevel(type[(open + 1)..i]).Select(f => f.Trim().Split(' ')[0].Trim('`'))];
        }

        throw new FormatException("No ROW<...> in " + type);
    }

    /// <summary>The type text of a column.</summary>
    public string ColumnType(string table, string column) =>
        SplitTopLevel(TableBody(table)).Select(c => c.Trim()).Single(c => c.Split(' ')[0].Trim('`') == column)[(column.Length + 1)..].Trim();

    /// <summary>The <c>WITH (...)</c> options of a table.</summary>
    public Dictionary<string, string> TableOptions(string table)
    {
        var at = Text.IndexOf($"CREATE TABLE {table} (", StringComparison.Ordinal);
        var with = Text.IndexOf(" WITH (", at + TableBody(table).Length, StringComparison.Ordinal);
        var end = Text.IndexOf(");", with, StringComparison.Ordinal);
        return OptionRegex().Matches(Text[with..end]).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    /// <summary>Every <c>SET 'key' = 'value'</c>.</summary>
    public Dictionary<string, string> Settings() =>
        SetRegex().Matches(Text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    /// <summary>The interval literals (<c>INTERVAL '4:59.999' MINUTE TO SECOND</c>) in a piece of SQL, in order.</summary>
    public static List<TimeSpan> Intervals(string sql) => [.. IntervalRegex().Matches(sql).Select(m => Interval(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Success))];

    /// <summary>The text between the first occurrence of <paramref name="from"/> and the next <paramref name="to"/>.</summary>
    public string Between(string from, string to)
    {
        var start = Text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{Name} has no '{from}'");
        var end = Text.IndexOf(to, start + from.Length, StringComparison.Ordinal);
        return Text[start..(end < 0 ? Text.Length : end)];
    }

    private static TimeSpan Interval(string value, string unit, bool toSecond)
    {
        if (toSecond)
        {
            var parts = value.Split(':');
            var seconds = decimal.Parse(parts[^1], CultureInfo.InvariantCulture);
            var minutes = decimal.Parse(parts[^2], CultureInfo.InvariantCulture);
            var hours = parts.Length > 2 ? decimal.Parse(parts[^3], CultureInfo.InvariantCulture) : 0;
            return TimeSpan.FromMilliseconds((double)((((hours * 60) + minutes) * 60 + seconds) * 1000));
        }

        var amount = decimal.Parse(value, CultureInfo.InvariantCulture);
        var ms = unit switch
        {
            "SECOND" => amount * 1000,
            "MINUTE" => amount * 60_000,
            "HOUR" => amount * 3_600_000,
            "DAY" => amount * 86_400_000,
            _ => throw new FormatException(unit),
        };
        return TimeSpan.FromMilliseconds((double)ms);
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' or '<' => 1, ')' or '>' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    [GeneratedRegex(@"--.*$")]
    private static partial Regex CommentRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"'([^']+)' = '([^']*)'")]
    private static partial Regex OptionRegex();

    [GeneratedRegex(@"SET '([^']+)' = '([^']*)';")]
    private static partial Regex SetRegex();

    [GeneratedRegex(@"INTERVAL '([^']+)' (SECOND|MINUTE|HOUR|DAY)( TO SECOND)?")]
    private static partial Regex IntervalRegex();
}
