using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Streaming.Streams.Cdc.Tests.Logic;

public sealed class PgArrayTextTests
{
    private static readonly Gen<string?> Elements = Gen.OneOf(
        Gen.Constant<string?>(null),
        Gen.Elements<string?>("", "NULL", "a b", "x\"y", "back\\slash", "{}", "c,d", "é", " "),
        Gen.Elements("a", "\"", "\\", ",", "{", "}", " ", "z", "9").ListOf().Select(cs => (string?)string.Concat(cs)));

    /// <summary>A naive renderer of PostgreSQL's array output: every element quoted, quote and backslash escaped.</summary>
    private static string Render(IReadOnlyList<object?> items)
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(items[i] switch
            {
                null => "NULL",
                string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
                IReadOnlyList<object?> nested => Render(nested),
                _ => throw new InvalidOperationException(),
            });
        }
        return sb.Append('}').ToString();
    }

    private static bool Same(IReadOnlyList<object?> a, IReadOnlyList<object?> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p switch
        {
            (null, null) => true,
            (string x, string y) => x == y,
            (IReadOnlyList<object?> x, IReadOnlyList<object?> y) => Same(x, y),
            _ => false,
        });

    [Property(MaxTest = 500)]
    public Property One_dimension_round_trips() =>
        Prop.ForAll(Elements.ListOf().ToArbitrary(), items =>
        {
            var list = items.Cast<object?>().ToList();
            return Same(list, PgArrayText.Parse(Render(list)));
        });

    [Property(MaxTest = 300)]
    public Property Two_dimensions_round_trip() =>
        Prop.ForAll(Elements.ListOf().Select(l => (object?)l.Cast<object?>().ToList()).ListOf().ToArbitrary(), rows =>
        {
            var list = rows.ToList();
            return Same(list, PgArrayText.Parse(Render(list)));
        });

    [Fact]
    public void Unquoted_elements_and_dimension_prefixes_are_read()
    {
        Assert.Equal(["1", "2", null], PgArrayText.Parse("{1,2,NULL}"));
        Assert.Equal(["NULL", "x"], PgArrayText.Parse("{\"NULL\",x}"));
        Assert.Equal(["7", "8"], PgArrayText.Parse("[0:1]={7,8}"));
        Assert.Equal(["(1,2)", "(3,4)"], PgArrayText.Parse("{(1,2);(3,4)}", ';'));
        Assert.Empty(PgArrayText.Parse("{}"));
    }

    [Theory]
    [InlineData("{1,2")]
    [InlineData("1,2}")]
    [InlineData("{\"a}")]
    [InlineData("{1}x")]
    public void Malformed_arrays_are_refused(string text) => Assert.Throws<FormatException>(() => PgArrayText.Parse(text));
}
