using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Tests.Reference;

/// <summary>
/// A record as comparable text, written independently of the reconciler: keys sorted, numbers as canonical decimals,
/// the named fields dropped.
/// </summary>
public static class CanonicalJson
{
    public static string Of<T>(T record, params string[] drop) => Of(JsonSerializer.SerializeToElement(record, typeof(T), ResultsJsonContext.Default), drop);

    public static string Of(JsonElement element, params string[] drop) => Normalize(JsonNode.Parse(element.GetRawText()), drop)?.ToJsonString() ?? "null";

    private static JsonNode? Normalize(JsonNode? node, string[] drop) => node switch
    {
        JsonObject o => new JsonObject(o.Where(kv => !drop.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Normalize(kv.Value, drop)))),
        JsonArray a => new JsonArray([.. a.Select(x => Normalize(x, drop))]),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) / 1.0000000000000000000000000000m),
        _ => node?.DeepClone(),
    };
}
