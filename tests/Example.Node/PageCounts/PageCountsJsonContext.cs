using System.Text.Json.Serialization;

namespace Streaming.Example.PageCounts;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PageCount))]
[JsonSerializable(typeof(List<PageCount>))]
[JsonSerializable(typeof(PageCountsState))]
[JsonSerializable(typeof(ClickRecord))]
internal sealed partial class PageCountsJsonContext : JsonSerializerContext;

/// <summary>The <c>page_clicks</c> record as sent.</summary>
internal sealed record ClickRecord(string? EventId, string? Page, DateTimeOffset? Timestamp);
