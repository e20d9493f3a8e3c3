using System.Text.Json.Serialization;

namespace Streaming.Streams.Kinesis;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    WriteIndented = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ForwardingStoreDocument))]
internal sealed partial class ForwardingStoreJsonContext : JsonSerializerContext;

/// <summary>The file's root: a version, so a later format can be told apart.</summary>
internal sealed record ForwardingStoreDocument(int Version, IReadOnlyList<ForwardingDefinition> Forwardings);
