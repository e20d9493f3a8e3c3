using System.Text.Json;
using Streaming.Actors.Engine;
using Streaming.Actors.Entities;
using Streaming.Actors.Products;
using Streaming.Streams.EventTime;

namespace Streaming.Actors.Tests.Products;

/// <summary>
/// Drives <see cref="ProductWindowsLogic"/> like a partition stage would: one partition watermark (max event time − B,
/// constant wall clock), per-product states, closes after each event (for every product, or by event-time timers),
/// dropping empty states, and a final close at +∞.
/// </summary>
internal static class ProductRun
{
    public sealed record Result(List<ProductPopularity> Emitted, List<(ProductActivity Event, string Reason)> Late);

    /// <param name="storeDeltas">Each state goes through what a partition checkpoint stores: the delta from the
    /// previous state, serialized, applied to a deserialized copy of the previous state.</param>
    public static Result Run(IEnumerable<ProductActivity> delivered, bool useTimers = false, bool roundTripState = false, bool storeDeltas = false)
    {
        var options = ProductScenarios.Options;
        var wall = ProductScenarios.T0;
        var watermark = PartitionWatermark.Start(wall, new WatermarkOptions(ProductScenarios.Bound, TimeSpan.FromMinutes(1)));
        var states = new Dictionary<string, ProductWindowsState>(StringComparer.Ordinal);
        var timers = new TimerService<string>();
        var registered = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var emitted = new List<ProductPopularity>();
        var late = new List<(ProductActivity, string)>();

        void Store(string product, ProductWindowsState state)
        {
            if (roundTripState)
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(state, ProductsJsonContext.Default.ProductWindowsState);
                var back = JsonSerializer.Deserialize(json, ProductsJsonContext.Default.ProductWindowsState)!;
                Assert.Equal(state, back);
                state = back;
            }

            if (storeDeltas && states.TryGetValue(product, out var previous))
            {
                var deltaInfo = EngineSerializer.Info(typeof(EntityCheckpointDelta<ProductWindowsDelta>));
                var stateInfo = EngineSerializer.Info(typeof(EntityCheckpoint<ProductWindowsState>));
                var stored = StateDeltas.Between(new EntityCheckpoint<ProductWindowsState>(previous, 1), new EntityCheckpoint<ProductWindowsState>(state, 2))!;
                var delta = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(stored, deltaInfo), deltaInfo)!;
                var before = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(new EntityCheckpoint<ProductWindowsState>(previous, 1), stateInfo), stateInfo)!;
                var rebuilt = (EntityCheckpoint<ProductWindowsState>)StateDeltas.Apply(before, delta);
                Assert.Equal(state, rebuilt.State);
                Assert.Equal(2, rebuilt.AppliedOffset);
                state = rebuilt.State;
            }

            if (registered.Remove(product, out var old))
            {
                timers.Delete(product, old);
            }

            if (state.IsEmpty)
            {
                states.Remove(product); // passivated; a new event starts from Empty
                return;
            }

            states[product] = state;
            var next = ProductWindowsLogic.NextCloseTime(state, options)!.Value;
            timers.Register(product, next);
            registered[product] = next;
        }

        foreach (var e in delivered)
        {
            var wm = watermark.Current(wall);
            var applied = ProductWindowsLogic.Apply(states.GetValueOrDefault(e.ProductId) ?? ProductWindowsState.Empty(e.ProductId), e, wm, options);
            emitted.AddRange(applied.Closed);
            if (applied.IsLate)
            {
                late.Add((e, applied.LateReason!));
            }
            else
            {
                Assert.Null(applied.LateReason);
            }

            Store(e.ProductId, applied.State);
            watermark = watermark.Observe(e.Time, wall);
            var after = watermark.Current(wall);
            var due = useTimers ? timers.PopDue(after).Select(t => t.Key).ToList() : [.. states.Keys];
            foreach (var product in due)
            {
                if (useTimers)
                {
                    registered.Remove(product); // popped
                }

                var closed = ProductWindowsLogic.Close(states[product], after, options);
                emitted.AddRange(closed.Closed);
                Store(product, closed.State);
            }
        }

        foreach (var product in states.Keys.ToList())
        {
            var closed = ProductWindowsLogic.Close(states[product], DateTimeOffset.MaxValue, options);
            emitted.AddRange(closed.Closed);
            Store(product, closed.State);
        }

        Assert.Empty(states);
        Assert.Equal(0, timers.Count);
        return new Result(emitted, late);
    }
}
