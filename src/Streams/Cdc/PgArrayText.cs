using System.Text;

namespace Streaming.Streams.Cdc;

/// <summary>Parses PostgreSQL's text output of arrays: <c>{1,2,NULL}</c>, <c>{"a b","x\"y"}</c>, nested
/// <c>{{1,2},{3,4}}</c>, with an optional dimension prefix <c>[0:1]={…}</c>.</summary>
internal static class PgArrayText
{
    /// <summary>The elements: a string, null (SQL NULL), or a nested list for the next dimension.</summary>
    public static IReadOnlyList<object?> Parse(string text, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(text);
        var pos = 0;
        if (text.Length > 0 && text[0] == '[')
        {
            pos = text.IndexOf('=', StringComparison.Ordinal) + 1;
            if (pos == 0) throw new FormatException($"array '{text}': dimensions without '='");
        }
        var result = ReadArray(text, ref pos, delimiter);
        if (pos != text.Length) throw new FormatException($"array '{text}': text after the closing brace");
        return result;
    }

    private static List<object?> ReadArray(string text, ref int pos, char delimiter)
    {
        if (pos >= text.Length || text[pos] != '{') throw new FormatException($"array '{text}': expected '{{' at {pos}");
        pos++;
        var items = new List<object?>();
        if (pos < text.Length && text[pos] == '}')
        {
            pos++;
            return items;
        }
        while (true)
        {
            if (pos >= text.Length) throw new FormatException($"array '{text}': unterminated");
            items.Add(text[pos] switch
            {
                '{' => ReadArray(text, ref pos, delimiter),
                '"' => ReadQuoted(text, ref pos),
                _ => ReadUnquoted(text, ref pos, delimiter),
            });
            if (pos >= text.Length) throw new FormatException($"array '{text}': unterminated");
            var c = text[pos++];
            if (c == '}') return items;
            if (c != delimiter) throw new FormatException($"array '{text}': unexpected '{c}' at {pos - 1}");
        }
    }

    private static string ReadQuoted(string text, ref int pos)
    {
        pos++;
        var sb = new StringBuilder();
        while (pos < text.Length)
        {
            var c = text[pos++];
            if (c == '"') return sb.ToString();
            if (c == '\\' && pos < text.Length) c = text[pos++];
            sb.Append(c);
        }
        throw new FormatException($"array '{text}': unterminated quoted element");
    }

    private static string? ReadUnquoted(string text, ref int pos, char delimiter)
    {
        var start = pos;
        while (pos < text.Length && text[pos] != delimiter && text[pos] != '}') pos++;
        var value = text[start..pos];
        // Unquoted NULL is SQL NULL; the string "NULL" is always quoted in PostgreSQL's output.
        return value == "NULL" ? null : value;
    }
}
