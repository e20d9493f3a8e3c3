using System.Text.Json.Serialization;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>JSON of <see cref="CrosscheckReport"/>: snake_case names, kinds and types as lower-case words.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CrosscheckReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;

/// <summary>The same, indented for people.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(CrosscheckReport))]
internal sealed partial class IndentedReportJsonContext : JsonSerializerContext;
