using System.Globalization;
using System.Text.Json;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>
/// Compares two JSON records field by field. Numbers compare by value (<c>5</c> equals <c>5.0</c>), within the
/// tolerance of their field name; strings that are both ISO-8601 instants compare as instants at millisecond
/// precision; a missing field, null, <c>{}</c> and <c>[]</c> are the same (no value); arrays compare element by
/// element, in rank order when every element is an object with a numeric <c>rank</c> (trending lists); ignored
/// fields are skipped.
/// </summary>
public static class JsonFieldDiff
{
    /// <summary>Every differing field, in path order.</summary>
    public static IReadOnlyList<FieldDifference> Compare(JsonElement left, JsonElement right, CrosscheckTolerances tolerances)
    {
        ArgumentNullException.ThrowIfNull(tolerances);
        var found = new List<FieldDifference>();
        Walk("", "", left, right, tolerances, found);
        return found;
    }

    private static void Walk(string path, string name, JsonElement? left, JsonElement? right, CrosscheckTolerances tolerances, List<FieldDifference> found)
    {
        if (path.Length > 0 && (tolerances.IgnoredFields.Contains(name) || tolerances.IgnoredFields.Contains(path)))
        {
            return;
        }

        // A record itself is compared even when it is {}; an empty field is no value.
        var l = IsNull(left, path.Length > 0) ? null : left;
        var r = IsNull(right, path.Length > 0) ? null : right;
        if (l is null || r is null)
        {
            if (l is not null || r is not null)
            {
                found.Add(new FieldDifference(path, l, r));
            }

            return;
        }

        var (a, b) = (l.Value, r.Value);
        if (a.ValueKind == JsonValueKind.Object && b.ValueKind == JsonValueKind.Object)
        {
            var names = a.EnumerateObject().Select(p => p.Name).Union(b.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var field in names)
            {
                Walk(path.Length == 0 ? field : path + "." + field, field, Property(a, field), Property(b, field), tolerances, found);
            }

            return;
        }

        if (a.ValueKind == JsonValueKind.Array && b.ValueKind == JsonValueKind.Array)
        {
            var (ea, eb) = (InOrder(a), InOrder(b));
            for (var i = 0; i < Math.Max(ea.Count, eb.Count); i++)
            {
                Walk(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), name, i < ea.Count ? ea[i] : null, i < eb.Count ? eb[i] : null, tolerances, found);
            }

            return;
        }

        if (!Same(name, a, b, tolerances))
        {
            found.Add(new FieldDifference(path, a, b));
        }
    }

    private static bool Same(string name, JsonElement a, JsonElement b, CrosscheckTolerances tolerances)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
        {
            var tolerance = tolerances.Numbers.TryGetValue(name, out var t) ? t : 0m;
            if (a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y))
            {
                return Math.Abs(x - y) <= tolerance;
            }

            return Math.Abs(a.GetDouble() - b.GetDouble()) <= (double)tolerance;
        }

        if (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String)
        {
            var (sa, sb) = (a.GetString(), b.GetString());
            if (string.Equals(sa, sb, StringComparison.Ordinal))
            {
                return true;
            }

            return ResultTime.TryParse(sa, out var ta) && ResultTime.TryParse(sb, out var tb) && ta == tb;
        }

        return a.ValueKind == b.ValueKind && a.ValueKind is JsonValueKind.True or JsonValueKind.False;
    }

    /// <summary>An array's elements, by rank when each is an object with a numeric <c>rank</c> (its order is then the ranks').</summary>
    private static List<JsonElement> InOrder(JsonElement array)
    {
        var elements = array.EnumerateArray().ToList();
        var ranked = elements.Count > 1 && elements.All(e => e.ValueKind == JsonValueKind.Object
            && e.TryGetProperty("rank", out var r) && r.ValueKind == JsonValueKind.Number && r.TryGetDecimal(out _));
        return ranked ? [.. elements.OrderBy(e => e.GetProperty("rank").GetDecimal())] : elements;
    }

    private static JsonElement? Property(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value : null;

    private static bool IsNull(JsonElement? element, bool emptyIsNull) => element is not { } e
        || e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
        || (emptyIsNull && e.ValueKind == JsonValueKind.Object && !e.EnumerateObject().Any())
        || (emptyIsNull && e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 0);
}
