using System.Text.Json;
using Streaming.Crosscheck.Reconcile;

namespace Streaming.Crosscheck.Tests.Reconcile;

public sealed class JsonFieldDiffTests
{
    private static IReadOnlyList<FieldDifference> Diff(string left, string right, CrosscheckTolerances? tolerances = null) =>
        JsonFieldDiff.Compare(JsonDocument.Parse(left).RootElement, JsonDocument.Parse(right).RootElement, tolerances ?? CrosscheckTolerances.Default);

    [Theory]
    [InlineData("""{"n":5}""", """{"n":5.0}""")]
    [InlineData("""{"n":5}""", """{"n":5e0}""")]
    [InlineData("""{"t":"2026-01-01T00:00:00Z"}""", """{"t":"2026-01-01T00:00:00.000Z"}""")]
    [InlineData("""{"t":"2026-01-01T09:00:00.000+09:00"}""", """{"t":"2026-01-01T00:00:00.000Z"}""")]
    [InlineData("""{"brand":null}""", """{}""")]
    [InlineData("""{"by_category":{}}""", """{"by_category":null}""")]
    [InlineData("""{"devices":[]}""", """{}""")]
    [InlineData("""{"top":[{"rank":2,"p":"b"},{"rank":1,"p":"a"}]}""", """{"top":[{"rank":1,"p":"a"},{"rank":2,"p":"b"}]}""")]
    [InlineData("""{"conversion_rate":0.333333}""", """{"conversion_rate":0.3333333333}""")]
    [InlineData("""{"detected_at":"2026-01-01T00:00:00.000Z","a":[1,{"b":true}]}""", """{"detected_at":"2027-01-01T00:00:00.000Z","a":[1,{"b":true}]}""")]
    public void Equal_records_have_no_differences(string left, string right) => Assert.Empty(Diff(left, right));

    [Theory]
    [InlineData("""{"n":5}""", """{"n":6}""", "n")]
    [InlineData("""{"n":1}""", """{"n":"1"}""", "n")]
    [InlineData("""{"conversion_rate":0.33}""", """{"conversion_rate":0.333333}""", "conversion_rate")]
    [InlineData("""{"revenue":0.333333}""", """{"revenue":0.3333333}""", "revenue")]
    [InlineData("""{"t":"2026-01-01T00:00:00.001Z"}""", """{"t":"2026-01-01T00:00:00.000Z"}""", "t")]
    [InlineData("""{"s":"a"}""", """{"s":"A"}""", "s")]
    [InlineData("""{"b":true}""", """{"b":false}""", "b")]
    [InlineData("""{"brand":"x"}""", """{}""", "brand")]
    [InlineData("""{"evidence":{"events":[{"event_id":"a"},{"event_id":"b"}]}}""", """{"evidence":{"events":[{"event_id":"a"},{"event_id":"c"}]}}""", "evidence.events[1].event_id")]
    [InlineData("""{"devices":["a"]}""", """{"devices":["a","b"]}""", "devices[1]")]
    [InlineData("""{"top":[{"rank":1,"p":"a"},{"rank":2,"p":"b"}]}""", """{"top":[{"rank":1,"p":"a"},{"rank":2,"p":"c"}]}""", "top[1].p")]
    [InlineData("""{"values":{}}""", """{"values":{"x":1}}""", "values")]
    [InlineData("""{"by_category":{"home":[{"rank":1}]}}""", """{"by_category":{"home":[{"rank":2}]}}""", "by_category.home[0].rank")]
    public void A_differing_field_is_reported_with_its_path(string left, string right, string path)
    {
        var difference = Assert.Single(Diff(left, right));
        Assert.Equal(path, difference.Path);
    }

    [Fact]
    public void Arrays_without_ranks_compare_in_their_order()
    {
        Assert.Equal(["devices[0]", "devices[1]"], Diff("""{"devices":["a","b"]}""", """{"devices":["b","a"]}""").Select(d => d.Path));
    }

    [Fact]
    public void Both_values_are_reported_and_a_missing_side_is_null()
    {
        var differences = Diff("""{"a":1,"b":2}""", """{"a":3,"c":4}""");
        Assert.Equal(["a", "b", "c"], differences.Select(d => d.Path));
        Assert.Equal(("1", "3"), (differences[0].Left!.Value.GetRawText(), differences[0].Right!.Value.GetRawText()));
        Assert.Null(differences[1].Right);
        Assert.Null(differences[2].Left);
    }

    [Fact]
    public void Ignored_fields_match_by_name_or_by_path_and_tolerances_by_name()
    {
        var tolerances = CrosscheckTolerances.Default with
        {
            IgnoredFields = ["evidence.values.mean", "description"],
            Numbers = new Dictionary<string, decimal> { ["amount"] = 0.5m },
        };
        Assert.Empty(Diff("""{"description":"x","amount":1,"evidence":{"values":{"mean":1}}}""", """{"description":"y","amount":1.5,"evidence":{"values":{"mean":2}}}""", tolerances));
        Assert.Equal(["detected_at", "mean"], Diff("""{"detected_at":"a","mean":1}""", """{"detected_at":"b","mean":2}""", tolerances).Select(d => d.Path));
    }
}
