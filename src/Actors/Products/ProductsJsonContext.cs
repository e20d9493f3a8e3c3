using System.Text.Json.Serialization;
using Streaming.Actors.Sessions;

namespace Streaming.Actors.Products;

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
[JsonSerializable(typeof(TrendingProducts))]
[JsonSerializable(typeof(ProductWindowsState))]
[JsonSerializable(typeof(TrendingAggregatorState))]
[JsonSerializable(typeof(ProductActivity))]
public sealed partial class ProductsJsonContext : JsonSerializerContext;
