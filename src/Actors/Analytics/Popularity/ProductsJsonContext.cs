using Streaming.Analytics.Keyed;
using System.Text.Json.Serialization;
using Streaming.Analytics.Sessions;

namespace Streaming.Analytics.Popularity;

/// <summary>
/// Source-generated JSON for the popularity types: snake_case names, UTC times with milliseconds
/// (<see cref="UtcMillisecondsJsonConverter"/>), compact output. <see cref="ProductPopularity"/> is the
/// <c>product_popularity_metrics</c> record, <see cref="TrendingProducts"/> the <c>trending_products</c> record;
/// <see cref="ProductWindowsState"/> and <see cref="TrendingAggregatorState"/> are checkpointable states.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcMillisecondsJsonConverter)])]
[JsonSerializable(typeof(ProductPopularity))]
[JsonSerializable(typeof(System.Collections.Immutable.ImmutableArray<ProductPopularity>))]
[JsonSerializable(typeof(TrendingProducts))]
[JsonSerializable(typeof(ProductWindowsState))]
[JsonSerializable(typeof(TrendingAggregatorState))]
[JsonSerializable(typeof(ProductActivity))]
[JsonSerializable(typeof(TrendingPart))]
public sealed partial class ProductsJsonContext : JsonSerializerContext;
