using System.Text.Json;

namespace Streaming.Streams.Contracts;

/// <summary>Reads and validates a <see cref="ProductEvent"/> from a JSON object.</summary>
internal static class ProductEventReader
{
    public static ProductEvent? Read(JsonElement root, ParseContext context)
    {
        var reader = new ObjectReader(root, string.Empty, context.Errors);
        var common = CommonFields.Read(reader, context);
        var productId = reader.String("product_id", required: true, FieldRules.Id);
        var action = reader.String("action", required: true, FieldRules.ProductAction);
        var userId = reader.String("user_id", required: false, FieldRules.Id);
        var sessionId = reader.String("session_id", required: false, FieldRules.Id);
        var quantity = reader.Integer("quantity", required: false, 1, ContractLimits.MaxQuantity);
        var properties = ReadProperties(reader.Object("properties"));
        if (context.Errors.HasErrors || !WireNames.TryParseProductAction(action, out var productAction))
        {
            return null;
        }

        return new ProductEvent
        {
            EventId = common.EventId(context),
            ProductId = productId!,
            Action = productAction,
            UserId = userId,
            SessionId = sessionId,
            Quantity = quantity ?? 1,
            Properties = properties,
            Timestamp = common.Timestamp,
            IngestedAt = common.IngestedAt,
        };
    }

    private static ProductProperties? ReadProperties(ObjectReader? maybe)
    {
        if (maybe is not { } reader)
        {
            return null;
        }

        return new ProductProperties
        {
            Category = reader.String("category", required: false, FieldRules.Label),
            Price = reader.Amount("price", required: false),
            Brand = reader.String("brand", required: false, FieldRules.Label),
            ExtensionData = reader.Extras("category", "price", "brand"),
        };
    }
}
