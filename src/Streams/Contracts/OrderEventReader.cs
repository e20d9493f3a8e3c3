using System.Text.Json;

namespace Streaming.Streams.Contracts;

/// <summary>Reads and validates an <see cref="OrderEvent"/> from a JSON object.</summary>
internal static class OrderEventReader
{
    public static OrderEvent? Read(JsonElement root, ParseContext context)
    {
        var reader = new ObjectReader(root, string.Empty, context.Errors);
        var common = CommonFields.Read(reader, context);
        var orderId = reader.String("order_id", required: true, FieldRules.Id);
        var userId = reader.String("user_id", required: true, FieldRules.Id);
        var status = reader.String("status", required: true, FieldRules.OrderStatus);
        var totalAmount = reader.Amount("total_amount", required: true);
        var currency = reader.String("currency", required: false, FieldRules.Currency);
        var items = ReadItems(reader, context.Errors);
        var shippingAddress = ReadShippingAddress(reader.Object("shipping_address"));
        var paymentMethod = reader.String("payment_method", required: false, FieldRules.Label);
        if (context.Errors.HasErrors || !WireNames.TryParseOrderStatus(status, out var orderStatus))
        {
            return null;
        }

        return new OrderEvent
        {
            EventId = common.EventId(context),
            OrderId = orderId!,
            UserId = userId!,
            Status = orderStatus,
            TotalAmount = totalAmount!.Value,
            Currency = currency ?? ContractLimits.DefaultCurrency,
            Items = items,
            ShippingAddress = shippingAddress,
            PaymentMethod = paymentMethod,
            Timestamp = common.Timestamp,
            IngestedAt = common.IngestedAt,
        };
    }

    private static OrderItem[]? ReadItems(ObjectReader reader, ErrorCollector errors)
    {
        if (reader.Array("items", ContractLimits.MaxItems, out var path) is not { } array)
        {
            return null;
        }

        var items = new OrderItem[array.GetArrayLength()];
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var itemPath = JsonPath.Index(path, index);
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(itemPath, "must be an object");
            }
            else
            {
                var item = new ObjectReader(element, itemPath, errors);
                var productId = item.String("product_id", required: true, FieldRules.Id);
                var quantity = item.Integer("quantity", required: true, 1, ContractLimits.MaxQuantity);
                var price = item.Amount("price", required: true);
                if (productId is not null && quantity is not null && price is not null)
                {
                    items[index] = new OrderItem { ProductId = productId, Quantity = quantity.Value, Price = price.Value };
                }
            }

            index++;
        }

        return items;
    }

    private static ShippingAddress? ReadShippingAddress(ObjectReader? maybe)
    {
        if (maybe is not { } reader)
        {
            return null;
        }

        return new ShippingAddress
        {
            City = reader.String("city", required: false, FieldRules.Label),
            District = reader.String("district", required: false, FieldRules.Label),
            ExtensionData = reader.Extras("city", "district"),
        };
    }
}
