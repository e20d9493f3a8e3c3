using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Streaming.Analytics.Keyed;

namespace Streaming.Analytics.Popularity;

/// <summary>A product's sliding windows as keyed state: <see cref="ProductWindowsLogic"/> behind the keyed-function contract.</summary>
public sealed class ProductWindowsFunction(PopularityOptions options) : KeyedFunction<ProductActivity, ProductWindowsState, ProductPopularity>
{
    public const string KindName = "product-windows";

    public override string Kind => KindName;

    public override string KeyOf(ProductActivity input) => input.ProductId;

    public override ProductWindowsState Empty(string key) => ProductWindowsState.Empty(key);

    public override KeyedStep<ProductWindowsState, ProductPopularity> Apply(ProductWindowsState state, ProductActivity input, DateTimeOffset watermark, DateTimeOffset now) =>
        ProductWindowsLogic.Apply(state, input, watermark, options);

    public override KeyedStep<ProductWindowsState, ProductPopularity> Fire(ProductWindowsState state, DateTimeOffset watermark, DateTimeOffset now) =>
        ProductWindowsLogic.Close(state, watermark, options);

    public override DateTimeOffset? NextTimer(ProductWindowsState state) => ProductWindowsLogic.NextCloseTime(state, options);

    public override bool IsEmpty(ProductWindowsState state) => state.IsEmpty;

    protected override JsonTypeInfo<ProductWindowsState> StateJson => ProductsJsonContext.Default.ProductWindowsState;

    public override IReadOnlyList<KeyedQuery<ProductWindowsState>> Queries { get; } =
    [
        new("products", "windows", "The product's open sliding windows as they would be emitted now; 404 when none is open.", (state, _) =>
            ProductWindowsLogic.Preview(state, options) is { IsEmpty: false } open
                ? JsonSerializer.SerializeToUtf8Bytes(open, ProductsJsonContext.Default.ImmutableArrayProductPopularity)
                : null),
    ];
}
