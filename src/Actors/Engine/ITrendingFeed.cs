using Streaming.Actors.Products;

namespace Streaming.Actors.Engine;

/// <summary>Where the product partitions hand their published window records and watermarks (the trending aggregator).</summary>
public interface ITrendingFeed
{
    Task ClosedAsync(int partition, IReadOnlyList<ProductPopularity> records, DateTimeOffset watermark, bool active);
}
