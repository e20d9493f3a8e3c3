using System.Text.Json;

namespace Streaming.Streams.Tests.Contracts;

/// <summary>Reads serialized output back with <see cref="JsonDocument"/> for field-by-field assertions.</summary>
internal static class JsonAssert
{
    public static JsonElement Root(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        return document.RootElement.Clone();
    }

    public static string Str(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static void Absent(JsonElement element, string name) =>
        Assert.False(element.TryGetProperty(name, out _), $"'{name}' should not be written");

    public static void SameJson(string expected, JsonElement actual)
    {
        using var document = JsonDocument.Parse(expected);
        Assert.True(JsonElement.DeepEquals(document.RootElement, actual), $"expected {expected}, got {actual.GetRawText()}");
    }
}
