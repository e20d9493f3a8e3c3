using System.Text;
using System.Text.RegularExpressions;

namespace Akka.Http.Dsl;

/// <summary>
/// The path patterns of routes. A pattern matches the whole request path (without query string), case-sensitively:
/// an empty pattern matches every path; <c>[expression]</c> is a regular expression; anything else is literal text
/// where <c>*</c> stands for any run of characters (slashes included) and <c>?</c> for one character.
/// </summary>
public static class RoutePattern
{
    // Only [expression] patterns can be slow (wildcards compile to non-backtracking regexes); a runaway expression fails the request.
    private static readonly TimeSpan ExpressionTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The compiled form of <paramref name="pattern"/>; null for the empty pattern, which matches every path.</summary>
    public static Regex? Compile(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern)) return null;
        if (pattern.Length >= 2 && pattern[0] == '[' && pattern[^1] == ']')
            return new Regex($@"\A(?:{pattern[1..^1]})\z", RegexOptions.CultureInvariant, ExpressionTimeout);
        return new Regex(WildcardExpression(pattern), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.Singleline);
    }

    /// <summary>Whether <paramref name="path"/> is matched by a pattern compiled with <see cref="Compile"/>.</summary>
    public static bool Matches(Regex? compiled, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return compiled is null || compiled.IsMatch(path);
    }

    private static string WildcardExpression(string pattern)
    {
        var expression = new StringBuilder(@"\A");
        foreach (var c in pattern)
        {
            expression.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }
        return expression.Append(@"\z").ToString();
    }
}
