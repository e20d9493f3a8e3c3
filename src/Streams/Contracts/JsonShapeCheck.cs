using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Streaming.Streams.Contracts;

/// <summary>Structural checks over a whole event, whatever its fields: nesting depth, duplicate
/// property names, and every string and property name valid UTF-8 / UTF-16 and not too long.</summary>
internal static class JsonShapeCheck
{
    private const int MaxPairwiseNames = 24;

    /// <summary>The <c>body</c> error of a document nested deeper than <see cref="ContractLimits.MaxNestingDepth"/>.</summary>
    public static readonly string TooDeepProblem = $"JSON nesting depth exceeds {ContractLimits.MaxNestingDepth}";

    /// <summary>Checks <paramref name="root"/> (depth 1). Returns false when the nesting is too deep
    /// (an error on <c>body</c> has been added and nothing below should be read).</summary>
    public static bool Check(JsonElement root, ErrorCollector errors) => Visit(root, string.Empty, 1, errors);

    private static bool Visit(JsonElement element, string path, int depth, ErrorCollector errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return depth <= ContractLimits.MaxNestingDepth
                    ? VisitObject(element, path, depth, errors)
                    : TooDeep(errors);
            case JsonValueKind.Array:
                return depth <= ContractLimits.MaxNestingDepth
                    ? VisitArray(element, path, depth, errors)
                    : TooDeep(errors);
            case JsonValueKind.String:
                var problem = StringProblem(element);
                if (problem is not null)
                {
                    errors.Add(path.Length == 0 ? FieldError.Body : path, problem);
                }

                return true;
            default:
                return true;
        }
    }

    private static bool VisitObject(JsonElement element, string path, int depth, ErrorCollector errors)
    {
        var plainNames = HasPlainNames(element);
        HashSet<string>? seen = null;
        var index = 0;
        foreach (var property in element.EnumerateObject())
        {
            var rawName = JsonMarshal.GetRawUtf8PropertyName(property);
            string? childPath = null;
            if (plainNames)
            {
                // No name problem is possible, and equal names have equal bytes: paths are built only for errors.
                if (AppearsBefore(element, rawName, index))
                {
                    errors.Add(childPath = JsonPath.Property(path, property.Name), "appears more than once");
                }
            }
            else
            {
                var nameProblem = NameProblem(rawName, property, out var name);
                if (nameProblem is not null || name is null)
                {
                    childPath = JsonPath.Property(path, "#" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    errors.Add(path.Length == 0 ? FieldError.Body : path, $"property #{index}: name {nameProblem ?? "could not be read"}");
                }
                else
                {
                    childPath = JsonPath.Property(path, name);
                    if (!(seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
                    {
                        errors.Add(childPath, "appears more than once");
                    }
                }
            }

            var value = property.Value;
            if (value.ValueKind == JsonValueKind.String)
            {
                if (StringProblem(value) is { } problem)
                {
                    errors.Add(childPath ?? JsonPath.Property(path, property.Name), problem);
                }
            }
            else if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                && !Visit(value, childPath ?? JsonPath.Property(path, property.Name), depth + 1, errors))
            {
                return false;
            }

            index++;
        }

        return true;
    }

    /// <summary>True when every property name is valid UTF-8 without escapes and short enough to
    /// have no problem, and there are few enough names to compare them pairwise.</summary>
    private static bool HasPlainNames(JsonElement element)
    {
        var count = 0;
        foreach (var property in element.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            if (++count > MaxPairwiseNames || raw.Length > ContractLimits.MaxStringLength || raw.IndexOf((byte)'\\') >= 0 || !Utf8.IsValid(raw))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AppearsBefore(JsonElement element, ReadOnlySpan<byte> rawName, int index)
    {
        var i = 0;
        foreach (var earlier in element.EnumerateObject())
        {
            if (i++ == index)
            {
                return false;
            }

            if (JsonMarshal.GetRawUtf8PropertyName(earlier).SequenceEqual(rawName))
            {
                return true;
            }
        }

        return false;
    }

    private static bool VisitArray(JsonElement element, string path, int depth, ErrorCollector errors)
    {
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (!Visit(item, JsonPath.Index(path, index), depth + 1, errors))
            {
                return false;
            }

            index++;
        }

        return true;
    }

    private static bool TooDeep(ErrorCollector errors)
    {
        errors.Add(FieldError.Body, TooDeepProblem);
        return false;
    }

    private static string? StringProblem(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        if (!Utf8.IsValid(raw))
        {
            return "is not valid UTF-8";
        }

        // Decoded length ≤ raw length, so only long or escaped strings need decoding.
        if (raw.Length <= ContractLimits.MaxStringLength && raw.IndexOf((byte)'\\') < 0)
        {
            return null;
        }

        string text;
        try
        {
            text = element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return "contains an invalid escape sequence";
        }

        return TextProblem(text);
    }

    private static string? NameProblem(ReadOnlySpan<byte> raw, JsonProperty property, out string? name)
    {
        name = null;
        if (!Utf8.IsValid(raw))
        {
            return "is not valid UTF-8";
        }

        try
        {
            name = property.Name;
        }
        catch (InvalidOperationException)
        {
            return "contains an invalid escape sequence";
        }

        return TextProblem(name);
    }

    private static string? TextProblem(string text)
    {
        if (text.Length > ContractLimits.MaxStringLength)
        {
            return $"is longer than {ContractLimits.MaxStringLength} characters";
        }

        return TextChecks.HasUnpairedSurrogate(text) ? "contains an unpaired UTF-16 surrogate" : null;
    }
}
