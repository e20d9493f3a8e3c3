using Akka.Actor;
using Streaming.Actors.Products;

namespace Streaming.Actors.Entities;

/// <summary>One product's sliding windows: a thin shell around <see cref="ProductWindowsLogic"/>.</summary>
public sealed class ProductWindowsEntity : CheckpointedEntity<ProductWindowsState, ProductActivity, ProductPopularity>
{
    private readonly PopularityOptions _options;

    public ProductWindowsEntity(string productId, PopularityOptions options, IActorRef store)
        : base("product-windows-" + productId, ProductWindowsState.Empty(productId), store)
    {
        _options = options;
    }

    protected override bool Query(object message, IActorRef sender)
    {
        if (message is not GetProductWindows query) return false;
        sender.Tell(new ProductWindowsView(query.EntityId, ProductWindowsLogic.Preview(State, _options)));
        return true;
    }

    protected override EntityStep<ProductWindowsState, ProductPopularity> Apply(ProductWindowsState state, ProductActivity input, DateTimeOffset watermark)
    {
        var result = ProductWindowsLogic.Apply(state, input, watermark, _options);
        return new EntityStep<ProductWindowsState, ProductPopularity>(result.State, result.Closed, result.IsLate ? result.LateReason ?? "late" : null);
    }

    protected override EntityStep<ProductWindowsState, ProductPopularity> Fire(ProductWindowsState state, DateTimeOffset watermark)
    {
        var result = ProductWindowsLogic.Close(state, watermark, _options);
        return new EntityStep<ProductWindowsState, ProductPopularity>(result.State, result.Closed);
    }

    protected override DateTimeOffset? NextTimer(ProductWindowsState state) => ProductWindowsLogic.NextCloseTime(state, _options);

    public static Props Props(string productId, PopularityOptions options, IActorRef store) =>
        EntityProps.Of(() => new ProductWindowsEntity(productId, options, store));
}
