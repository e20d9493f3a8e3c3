using System.Text;

namespace Streaming.Streams.Cdc;

/// <summary>A schema-qualified table name, as PostgreSQL stores it (unquoted, case as written in the catalog).</summary>
internal sealed record TableId(string Schema, string Name)
{
    /// <summary>The name quoted for SQL: <c>"public"."users"</c>.</summary>
    public string Quoted => Quote(Schema) + "." + Quote(Name);

    public override string ToString() => Schema + "." + Name;

    /// <summary>
    /// Parses <c>schema.table</c> or <c>table</c> (schema <c>public</c>). Unquoted parts are folded to lower case as
    /// PostgreSQL does; double-quoted parts keep their case and may contain dots (<c>"Sales"."Q1.totals"</c>).
    /// </summary>
    public static TableId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        current.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                if (current.Length > 0) throw new FormatException($"'{text}': a quote may only open a name part");
                quoted = true;
                wasQuoted = true;
            }
            else if (c == '.')
            {
                parts.Add(Finish(current, wasQuoted, text));
                current.Clear();
                wasQuoted = false;
            }
            else
            {
                if (wasQuoted) throw new FormatException($"'{text}': text after a closing quote");
                current.Append(c);
            }
        }
        if (quoted) throw new FormatException($"'{text}': unclosed quote");
        parts.Add(Finish(current, wasQuoted, text));
        return parts.Count switch
        {
            1 => new TableId("public", parts[0]),
            2 => new TableId(parts[0], parts[1]),
            _ => throw new FormatException($"'{text}' is not 'schema.table'"),
        };
    }

    private static string Finish(StringBuilder part, bool wasQuoted, string text)
    {
        var value = wasQuoted ? part.ToString() : part.ToString().Trim().ToLowerInvariant();
        if (value.Length == 0) throw new FormatException($"'{text}' has an empty name part");
        return value;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
