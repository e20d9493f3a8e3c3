using System.Text.RegularExpressions;
using Akka.Http.Dsl;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Akka.Http.Shim.Tests;

public class RoutePatternTests
{
    // Wildcards, path characters and characters that mean something in a regular expression (but never '[', which
    // would turn a pattern into an expression).
    private const string PatternAlphabet = "ab/*?.+()$^|\\-";
    private const string PathAlphabet = "ab/.+()$^|\\-";

    /// <summary>Reference: whole-string wildcard matching by direct recursion, written without regular expressions.</summary>
    private static bool NaiveMatches(string pattern, string path)
    {
        if (pattern.Length == 0) return path.Length == 0;
        if (pattern[0] == '*') return NaiveMatches(pattern[1..], path) || (path.Length > 0 && NaiveMatches(pattern, path[1..]));
        if (path.Length == 0) return false;
        return (pattern[0] == '?' || pattern[0] == path[0]) && NaiveMatches(pattern[1..], path[1..]);
    }

    private static IEnumerable<string> AllStrings(string alphabet, int maxLength)
    {
        IEnumerable<string> level = [""];
        var all = new List<string> { "" };
        for (var length = 1; length <= maxLength; length++)
        {
            level = level.SelectMany(prefix => alphabet.Select(c => prefix + c)).ToList();
            all.AddRange(level);
        }
        return all;
    }

    [Fact]
    public void Wildcard_patterns_agree_with_the_reference_for_every_short_pattern_and_path()
    {
        var patterns = AllStrings("a/*?.", 3).Where(p => p.Length > 0).ToList();
        var paths = AllStrings("ab/.", 3).ToList();
        var disagreements = (from pattern in patterns
                             let compiled = RoutePattern.Compile(pattern)
                             from path in paths
                             where RoutePattern.Matches(compiled, path) != NaiveMatches(pattern, path)
                             select $"{pattern} ~ {path}").ToList();
        Assert.Empty(disagreements);
    }

    [Property(MaxTest = 500)]
    public Property Wildcard_patterns_agree_with_the_reference() =>
        Prop.ForAll(
            (from pattern in Gen.Elements(PatternAlphabet.ToCharArray()).ArrayOf().Select(cs => new string(cs)).Where(p => p.Length is > 0 and <= 8)
             from path in Gen.OneOf(
                 Gen.Elements(PathAlphabet.ToCharArray()).ArrayOf().Select(cs => new string(cs)).Where(p => p.Length <= 10),
                 Gen.Constant(pattern.Replace("*", "", StringComparison.Ordinal).Replace('?', 'b')))
             select (pattern, path)).ToArbitrary(),
            c => RoutePattern.Matches(RoutePattern.Compile(c.pattern), c.path) == NaiveMatches(c.pattern, c.path));

    [Theory]
    [InlineData("/bootstrap/seed-nodes", "/bootstrap/seed-nodes", true)]
    [InlineData("/bootstrap/seed-nodes", "/bootstrap/seed-nodes/", false)]
    [InlineData("/bootstrap/seed-nodes", "/bootstrap/seed-nodesX", false)]
    [InlineData("/bootstrap/seed-nodes", "/x/bootstrap/seed-nodes", false)]
    [InlineData("/bootstrap/seed-nodes", "/Bootstrap/seed-nodes", false)]
    [InlineData("/remote/address", "/remote/addressx", false)]
    [InlineData("/a.b", "/aXb", false)]
    [InlineData("/items/*", "/items/1/2", true)]
    [InlineData("/items/*", "/items", false)]
    [InlineData("/items/?", "/items/7", true)]
    [InlineData("/items/?", "/items/77", false)]
    public void Literal_and_wildcard_patterns_match_the_whole_path_case_sensitively(string pattern, string path, bool expected) =>
        Assert.Equal(expected, RoutePattern.Matches(RoutePattern.Compile(pattern), path));

    [Theory]
    [InlineData(@"[/items/\d+]", "/items/42", true)]
    [InlineData(@"[/items/\d+]", "/items/42/x", false)]
    [InlineData(@"[/items/\d+]", "/x/items/42", false)]
    [InlineData("[a|ab]", "ab", true)]
    [InlineData("[a|ab]", "b", false)]
    public void Bracketed_patterns_are_regular_expressions_over_the_whole_path(string pattern, string path, bool expected) =>
        Assert.Equal(expected, RoutePattern.Matches(RoutePattern.Compile(pattern), path));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void The_empty_pattern_matches_every_path(string? pattern)
    {
        var compiled = RoutePattern.Compile(pattern);
        Assert.Null(compiled);
        Assert.All(["", "/", "/any/thing"], path => Assert.True(RoutePattern.Matches(compiled, path)));
    }

    [Fact]
    public void An_invalid_expression_is_refused_when_the_route_is_compiled() =>
        Assert.Throws<RegexParseException>(() => RoutePattern.Compile("[(unclosed]"));
}
