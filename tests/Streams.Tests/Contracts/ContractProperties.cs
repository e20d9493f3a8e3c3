using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Streams.Contracts;

namespace Streaming.Streams.Tests.Contracts;

public sealed class ContractProperties
{
    private static readonly string[] JsonFragments =
        ["{", "}", "[", "]", ",", ":", "\"user_id\"", "\"action\"", "\"items\"", "\"total_amount\"", "\"metadata\"", "\"a\"",
         "1", "-1", "1e400", "0.5", "null", "true", "\"\\ud800\"", "\"x\"", "\"2026-11-25T10:00:00Z\"", " ", "\\", "\""];

    private static readonly string[] JsonValues =
        ["1", "-1", "-0", "1e400", "0.5", "1.5", "null", "true", "\"\\ud800\"", "\"\"", "\"x\"", "{}", "[]", "[1,{}]", "[{\"product_id\":\"p\"}]",
         "\"2026-11-25T10:00:00Z\"", "\"KRW\"", "\"paid\""];

    /// <summary>For arbitrary bytes, every way of parsing returns a result (never throws), and a failure names at least one field.</summary>
    [Property(MaxTest = 500)]
    public bool ParsingArbitraryBytesNeverThrows(byte[] bytes) => NeverThrows(bytes);

    /// <summary>Like the above, with bytes that look much more like JSON.</summary>
    [Property(MaxTest = 500)]
    public Property ParsingJsonLikeGarbageNeverThrows() =>
        Prop.ForAll(
            Gen.Elements(JsonFragments).ListOf().Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts))).ToArbitrary(),
            NeverThrows);

    /// <summary>A valid event with one field replaced by another JSON value: never throws, and a
    /// value of the wrong kind is reported on exactly that field.</summary>
    [Property(MaxTest = 300)]
    public Property MutatedValidEventsNeverThrow() =>
        Prop.ForAll(
            (from e in EventGenerators.Order
             from field in Gen.Elements("order_id", "status", "total_amount", "items", "shipping_address", "timestamp", "currency")
             from value in Gen.Elements(JsonValues)
             select (Field: field, Value: value, Body: Replace(EventKinds.Order.Serialize(e), field, value))).ToArbitrary(),
            c =>
            {
                var result = EventKinds.Order.Parse(c.Body, TestStamp.Create());
                return NeverThrows(c.Body) && (result.IsSuccess || result.Errors.Any(x => x.Field.StartsWith(c.Field, StringComparison.Ordinal) || x.Field == FieldError.Body));
            });

    [Property(MaxTest = 200)]
    public Property ValidUserEventsRoundTrip() => Prop.ForAll(EventGenerators.User.ToArbitrary(), e => RoundTrips(EventKinds.User, e));

    [Property(MaxTest = 200)]
    public Property ValidProductEventsRoundTrip() => Prop.ForAll(EventGenerators.Product.ToArbitrary(), e => RoundTrips(EventKinds.Product, e));

    [Property(MaxTest = 200)]
    public Property ValidOrderEventsRoundTrip() => Prop.ForAll(EventGenerators.Order.ToArbitrary(), e => RoundTrips(EventKinds.Order, e));

    private static bool RoundTrips<T>(EventKind<T> kind, T original)
        where T : class, IInputEvent
    {
        var bytes = kind.Serialize(original);
        var back = kind.Deserialize(bytes);
        if (!back.IsSuccess)
        {
            throw new InvalidOperationException(Encoding.UTF8.GetString(bytes) + " -> " + back);
        }

        // Read as client input, the same bytes give the same event stamped with the receive time.
        var asInput = kind.Parse(bytes, TestStamp.Create()).GetValueOrThrow();
        return original.Equals(back.Value)
            && bytes.AsSpan().SequenceEqual(kind.Serialize(back.Value))
            && asInput.EventId == original.EventId
            && asInput.Timestamp == original.Timestamp
            && asInput.IngestedAt == TestStamp.ReceivedAt;
    }

    private static bool NeverThrows(byte[] bytes)
    {
        foreach (var kind in EventKinds.All)
        {
            foreach (var result in new[] { kind.Parse(bytes, TestStamp.Create()), kind.Deserialize(bytes), kind.Deserialize(bytes, TestStamp.Create()) })
            {
                if (!result.IsSuccess && result.Errors.Count == 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static byte[] Replace(byte[] json, string field, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove(field);
        var text = node.ToJsonString();
        return Encoding.UTF8.GetBytes(text[..^1] + ",\"" + field + "\":" + value + "}");
    }
}
