using System.Text.Json.Serialization;
using Streaming.Analytics.Keyed;

namespace Streaming.Engine.Processing;

/// <summary>Source-generated JSON of the records the engine itself writes (late events, dead letters).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(UtcMillisecondsJsonConverter)])]
[JsonSerializable(typeof(LateEventRecord))]
[JsonSerializable(typeof(DeadLetterRecord))]
public sealed partial class EngineJsonContext : JsonSerializerContext;
