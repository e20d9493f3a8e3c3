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
        Receive<GetProductWindows>(q => Sender.Tell(new ProductWindowsView(q.EntityId, ProductWindowsLogic.Preview(State, _options))));
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
        Akka.Actor.Props.Create(() => new ProductWindowsEntity(productId, options, store));
}
