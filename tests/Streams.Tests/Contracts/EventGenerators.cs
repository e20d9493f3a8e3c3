using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Streaming.Streams.Contracts;

namespace Streaming.Streams.Tests.Contracts;

/// <summary>FsCheck generators of valid events (within every rule of the contracts).</summary>
internal static class EventGenerators
{
    // Pieces of text, including JSON-special characters, non-ASCII and a surrogate pair.
    private static readonly string[] Pieces = ["a", "Z", "0", "-", "_", ".", " ", "\"", "\\", "/", "é", "서", "울", "😀", "<", "&", "'"];

    private static readonly string[] ExtraJson = ["1", "-2.5", "\"s\"", "true", "null", "[]", "{\"a\":[1,{\"b\":\"서울\"}]}", "12345678901234567890"];

    public static Gen<string> Text(int maxPieces) =>
        Gen.Choose(0, maxPieces).SelectMany(n => Gen.Elements(Pieces).ArrayOf(n)).Select(string.Concat);

    public static Gen<string> Id { get; } = Text(20).Select(t => "i" + t);

    public static Gen<string?> OptionalId { get; } = Gen.OneOf(Gen.Constant<string?>(null), Id.Select(s => (string?)s));

    public static Gen<string?> OptionalLabel { get; } = Gen.OneOf(Gen.Constant<string?>(null), Text(10).Select(s => (string?)s));

    public static Gen<string> EventId { get; } =
        Gen.Elements("abcXYZ019._:-".ToCharArray()).ArrayOf(5).Select(cs => "e" + new string(cs));

    public static Gen<string> EventType { get; } =
        Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789_".ToCharArray()).ArrayOf(8).Select(cs => "t" + new string(cs));

    public static Gen<decimal> Amount { get; } =
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        from mid in Gen.Choose(0, 200_000_000)
        from scale in Gen.Choose(0, 6)
        from small in Gen.Choose(0, 1)
        select small == 1 ? new decimal(lo & 0xFFFF, 0, 0, false, (byte)scale) : new decimal(lo, mid, 0, false, (byte)scale);

    public static Gen<DateTimeOffset> Time { get; } =
        from days in Gen.Choose(0, 36_000)
        from ms in Gen.Choose(0, 86_399_999)
        select new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(days).AddMilliseconds(ms);

    public static Gen<IReadOnlyDictionary<string, JsonElement>?> Extras { get; } =
        from n in Gen.Choose(0, 3)
        from keys in Gen.Elements("x", "note", "체크", "a b", "nested").ArrayOf(n)
        from values in Gen.Elements(ExtraJson).ArrayOf(n)
        select n == 0 ? null : (IReadOnlyDictionary<string, JsonElement>?)keys
            .Zip(values)
            .DistinctBy(kv => kv.First)
            .ToDictionary(kv => kv.First, kv => Parse(kv.Second));

    public static Gen<UserEvent> User { get; } =
        from eventId in EventId
        from userId in Id
        from eventType in EventType
        from pageUrl in OptionalLabel
        from hasMetadata in Gen.Choose(0, 1)
        from device in OptionalLabel
        from location in OptionalLabel
        from sessionId in OptionalId
        from extras in Extras
        from timestamp in Time
        from ingestedAt in Time
        select new UserEvent
        {
            EventId = eventId,
            UserId = userId,
            EventType = eventType,
            PageUrl = pageUrl,
            Metadata = hasMetadata == 0 ? null : new EventMetadata { Device = device, Location = location, SessionId = sessionId, Extra = extras },
            Timestamp = timestamp,
            IngestedAt = ingestedAt,
        };

    public static Gen<ProductEvent> Product { get; } =
        from eventId in EventId
        from productId in Id
        from action in Gen.Elements(Enum.GetValues<ProductAction>())
        from userId in OptionalId
        from sessionId in OptionalId
        from quantity in Gen.Choose(1, ContractLimits.MaxQuantity)
        from hasProperties in Gen.Choose(0, 1)
        from category in OptionalLabel
        from price in Gen.OneOf(Gen.Constant<decimal?>(null), Amount.Select(a => (decimal?)a))
        from brand in OptionalLabel
        from extras in Extras
        from timestamp in Time
        from ingestedAt in Time
        select new ProductEvent
        {
            EventId = eventId,
            ProductId = productId,
            Action = action,
            UserId = userId,
            SessionId = sessionId,
            Quantity = quantity,
            Properties = hasProperties == 0 ? null : new ProductProperties { Category = category, Price = price, Brand = brand, Extra = extras },
            Timestamp = timestamp,
            IngestedAt = ingestedAt,
        };

    public static Gen<OrderItem> Item { get; } =
        from productId in Id
        from quantity in Gen.Choose(1, 1000)
        from price in Amount
        select new OrderItem { ProductId = productId, Quantity = quantity, Price = price };

    public static Gen<OrderEvent> Order { get; } =
        from eventId in EventId
        from orderId in Id
        from userId in Id
        from status in Gen.Elements(Enum.GetValues<OrderStatus>())
        from total in Amount
        from currency in Gen.Elements("KRW", "USD", "EUR")
        from itemCount in Gen.Choose(-1, 4)
        from items in Item.ArrayOf(Math.Max(itemCount, 0))
        from hasAddress in Gen.Choose(0, 1)
        from city in OptionalLabel
        from district in OptionalLabel
        from extras in Extras
        from paymentMethod in OptionalLabel
        from timestamp in Time
        from ingestedAt in Time
        select new OrderEvent
        {
            EventId = eventId,
            OrderId = orderId,
            UserId = userId,
            Status = status,
            TotalAmount = total,
            Currency = currency,
            Items = itemCount < 0 ? null : items,
            ShippingAddress = hasAddress == 0 ? null : new ShippingAddress { City = city, District = district, Extra = extras },
            PaymentMethod = paymentMethod,
            Timestamp = timestamp,
            IngestedAt = ingestedAt,
        };

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
