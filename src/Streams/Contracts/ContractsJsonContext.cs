using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary>Source-generated System.Text.Json metadata for the contracts: snake_case_lower names,
/// nulls omitted, times as UTC ISO-8601 with milliseconds. Input validation does not go through
/// this context (see <see cref="EventKind{T}"/>); it is used to write events.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(UserEvent))]
[JsonSerializable(typeof(ProductEvent))]
[JsonSerializable(typeof(OrderEvent))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
