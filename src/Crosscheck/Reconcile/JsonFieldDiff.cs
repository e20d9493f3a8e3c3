using System.Globalization;
using System.Text.Json;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>
/// Compares two JSON records field by field. Numbers compare by value (<c>5</c> equals <c>5.0</c>), within the
/// tolerance of their field name; strings that are both ISO-8601 instants compare as instants at millisecond
/// precision; a missing field equals null; arrays compare element by element; ignored fields are skipped.
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

        var l = IsNull(left) ? null : left;
        var r = IsNull(right) ? null : right;
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
            var (la, lb) = (a.GetArrayLength(), b.GetArrayLength());
            for (var i = 0; i < Math.Max(la, lb); i++)
            {
                Walk(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), name, i < la ? a[i] : null, i < lb ? b[i] : null, tolerances, found);
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

    private static JsonElement? Property(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value : null;

    private static bool IsNull(JsonElement? element) => element is null || element.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
}
