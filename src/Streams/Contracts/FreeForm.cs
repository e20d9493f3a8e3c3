using System.Text.Json;

namespace Streaming.Streams.Contracts;

/// <summary>Helpers for the client's extra fields of free-form objects (metadata, properties, shipping_address).</summary>
internal static class FreeForm
{
    public static Dictionary<string, JsonElement>? Copy(IReadOnlyDictionary<string, JsonElement>? extra)
    {
        if (extra is null || extra.Count == 0)
        {
            return null;
        }

        var copy = new Dictionary<string, JsonElement>(extra.Count, StringComparer.Ordinal);
        foreach (var (key, value) in extra)
        {
            copy[key] = value.Clone();
        }

        return copy;
    }

    public static Dictionary<string, JsonElement>? Adopt(IDictionary<string, JsonElement>? extra) =>
        extra switch
        {
            null => null,
            Dictionary<string, JsonElement> d => d,
            _ => new Dictionary<string, JsonElement>(extra, StringComparer.Ordinal),
        };

    public static bool Equal(IReadOnlyDictionary<string, JsonElement>? a, IReadOnlyDictionary<string, JsonElement>? b)
    {
        var countA = a?.Count ?? 0;
        var countB = b?.Count ?? 0;
        if (countA != countB)
        {
            return false;
        }

        if (countA == 0)
        {
            return true;
        }

        foreach (var (key, value) in a!)
        {
            if (!b!.TryGetValue(key, out var other) || !JsonElement.DeepEquals(value, other))
            {
                return false;
            }
        }

        return true;
    }

    public static int Hash(IReadOnlyDictionary<string, JsonElement>? extra) => extra?.Count ?? 0;
}
