using System.Text.Json;

namespace Streaming.Ctl.Output;

/// <summary>
/// Reads fields of the node's JSON for display without trusting its shape: a missing or null field reads as
/// <see cref="Formats.None"/>, a missing list as empty — so that a node a version apart still shows what it has.
/// </summary>
internal static class JsonFields
{
    public static JsonElement Field(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>The field as text: strings as they are, numbers and booleans as written, objects and arrays as compact JSON.</summary>
    public static string Text(this JsonElement element, string name) => Show(element.Field(name));

    public static string? String(this JsonElement element, string name) =>
        element.Field(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static double? Number(this JsonElement element, string name) =>
        element.Field(name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    public static bool? Flag(this JsonElement element, string name) => element.Field(name).ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) => Items(element.Field(name));

    public static IEnumerable<JsonElement> Items(this JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    public static IEnumerable<string> Strings(this JsonElement element, string name) => element.Items(name).Select(Show);

    public static IEnumerable<JsonProperty> Properties(this JsonElement element, string name) => Properties(element.Field(name));

    public static IEnumerable<JsonProperty> Properties(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element.EnumerateObject() : [];

    public static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => Formats.None,
        _ => value.GetRawText(),
    };
}
