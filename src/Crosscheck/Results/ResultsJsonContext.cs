using System.Text.Json.Serialization;

namespace Streaming.Crosscheck.Results;

/// <summary>
/// The result records as JSON the way the result topics carry them: snake_case names, UTC times with milliseconds,
/// nulls written, compact.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcMillisecondsConverter)])]
[JsonSerializable(typeof(SessionRecord))]
[JsonSerializable(typeof(PopularityRecord))]
[JsonSerializable(typeof(TrendingRecord))]
[JsonSerializable(typeof(AlertRecord))]
public sealed partial class ResultsJsonContext : JsonSerializerContext;
