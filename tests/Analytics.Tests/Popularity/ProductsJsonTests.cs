using System.Text.Json;
using Streaming.Analytics.Popularity;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Tests.Popularity;

public sealed class ProductsJsonTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 10, 0, 0, TimeSpan.Zero);

    private static ProductWindowsState SampleState()
    {
        var state = ProductWindowsState.Empty("p-1");
        var events = new[]
        {
            new ProductActivity("a", "p-1", T0.AddSeconds(5), ProductAction.View, "u1", 1, 19.90m, "shoes", "acme"),
            new ProductActivity("b", "p-1", T0.AddSeconds(65), ProductAction.Purchase, "u2", 2, 19.90m, null, null),
            new ProductActivity("c", "p-1", T0.AddSeconds(66), ProductAction.View, "u2", 1, null, null, "acme-2"),
            new ProductActivity("d", "p-1", T0.AddSeconds(67), ProductAction.AddToCart, "u3", 1, null, null, null),
        };
        foreach (var e in events)
        {
            state = ProductWindowsLogic.Apply(state, e, DateTimeOffset.MinValue, PopularityOptions.Default).State;
        }

        return state;
    }

    [Fact]
    public void SerializesTheSpecRecord()
    {
        var record = ProductWindowsLogic.Close(SampleState(), DateTimeOffset.MaxValue, PopularityOptions.Default).Outputs
            .Single(r => r.WindowStart == T0);
        var json = JsonSerializer.Serialize(record, ProductsJsonContext.Default.ProductPopularity);
        Assert.Equal(
            """{"product_id":"p-1","window_start":"2024-01-01T10:00:00.000Z","window_end":"2024-01-01T10:10:00.000Z","views":2,"add_to_cart":1,"purchases":2,"unique_users":3,"revenue":39.8,"conversion_rate":1,"cart_rate":0.5,"popularity_score":15,"category":"shoes","brand":"acme-2"}""",
            json);
        Assert.Equal(record, JsonSerializer.Deserialize(json, ProductsJsonContext.Default.ProductPopularity));
    }

    [Fact]
    public void SerializesTheTrendingRecord()
    {
        var records = ProductWindowsLogic.Close(SampleState(), DateTimeOffset.MaxValue, PopularityOptions.Default).Outputs
            .Where(r => r.WindowStart == T0);
        var trending = TrendingLogic.Top(records, PopularityOptions.Default);
        var json = JsonSerializer.Serialize(trending, ProductsJsonContext.Default.TrendingProducts);
        Assert.Equal(
            """{"window_start":"2024-01-01T10:00:00.000Z","window_end":"2024-01-01T10:10:00.000Z","product_count":1,"top_products":[{"rank":1,"product_id":"p-1","popularity_score":15,"views":2,"add_to_cart":1,"purchases":2,"unique_users":3,"revenue":39.8,"category":"shoes","brand":"acme-2"}],"by_category":{"shoes":[{"rank":1,"product_id":"p-1","popularity_score":15,"views":2,"add_to_cart":1,"purchases":2,"unique_users":3,"revenue":39.8,"category":"shoes","brand":"acme-2"}]}}""",
            json);
        Assert.Equal(trending, JsonSerializer.Deserialize(json, ProductsJsonContext.Default.TrendingProducts));
    }

    [Fact]
    public void WindowStateRoundTrips()
    {
        var state = ProductWindowsLogic.Close(SampleState(), T0.AddSeconds(610), PopularityOptions.Default).State;
        var json = JsonSerializer.Serialize(state, ProductsJsonContext.Default.ProductWindowsState);
        var back = JsonSerializer.Deserialize(json, ProductsJsonContext.Default.ProductWindowsState)!;
        Assert.Equal(state, back);
        Assert.Equal(ProductWindowsLogic.Preview(state, PopularityOptions.Default).AsEnumerable(), ProductWindowsLogic.Preview(back, PopularityOptions.Default).AsEnumerable());
        Assert.Equal(ProductWindowsLogic.NextCloseTime(state, PopularityOptions.Default), ProductWindowsLogic.NextCloseTime(back, PopularityOptions.Default));
    }

    [Fact]
    public void AggregatorStateRoundTrips()
    {
        var state = TrendingAggregatorState.Create([0, 1]);
        foreach (var r in ProductWindowsLogic.Close(SampleState(), DateTimeOffset.MaxValue, PopularityOptions.Default).Outputs)
        {
            state = TrendingAggregator.Add(state, r).State;
            state = TrendingAggregator.Add(state, r with { ProductId = "Z" + r.ProductId, Category = "z" }).State;
        }

        state = TrendingAggregator.ObserveWatermark(state, 0, T0.AddMinutes(5));
        state = TrendingAggregator.Release(TrendingAggregator.ObserveWatermark(state, 1, T0.AddMinutes(3)), PopularityOptions.Default).State;
        var json = JsonSerializer.Serialize(state, ProductsJsonContext.Default.TrendingAggregatorState);
        var back = JsonSerializer.Deserialize(json, ProductsJsonContext.Default.TrendingAggregatorState)!;
        Assert.Equal(state, back);
        Assert.Equal(JsonSerializer.Serialize(back, ProductsJsonContext.Default.TrendingAggregatorState), json);
    }

    [Fact]
    public void ActivityRoundTrips()
    {
        var a = new ProductActivity("a", "p", T0, ProductAction.RemoveFromCart, null, 3, 1.5m, "c", null);
        var json = JsonSerializer.Serialize(a, ProductsJsonContext.Default.ProductActivity);
        Assert.Contains("\"action\":\"remove_from_cart\"", json, StringComparison.Ordinal);
        Assert.Equal(a, JsonSerializer.Deserialize(json, ProductsJsonContext.Default.ProductActivity));
    }
}
