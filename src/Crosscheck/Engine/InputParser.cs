using System.Collections.Immutable;
using System.Text.Json;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Engine;

/// <summary>
/// Reads input events with the fields and types of SPEC §1 that the analytics use. A record that is not JSON, lacks a
/// required field (the gateway always writes <c>event_id</c> and <c>timestamp</c>), has a wrong type, an unknown
/// action or status, or a number outside <see cref="InputLimits"/> is refused with the reason. Limits the gateway
/// enforces that no analytic depends on (string lengths, currency codes) are not checked again.
/// </summary>
internal static class InputParser
{
    private static readonly HashSet<string> Actions = new(["view", "add_to_cart", "remove_from_cart", "purchase", "wishlist"], StringComparer.Ordinal);
    private static readonly HashSet<string> Statuses = new(["created", "paid", "payment_failed", "shipped", "delivered", "cancelled", "refunded"], StringComparer.Ordinal);

    public static UserRow? User(InputRecord record, out string problem) => Parse(record, out problem, (root, errors) =>
    {
        var common = Common(root, errors);
        var user = RequiredString(root, "user_id", errors);
        var type = RequiredString(root, "event_type", errors);
        var page = OptionalString(root, "page_url", errors);
        var device = OptionalString(OptionalObject(root, "metadata", errors), "device", errors, "metadata.");
        return errors.Count == 0 ? new UserRow(record.Partition, record.Offset, common.EventId!, user!, type!, page, device, common.Time) : null;
    });

    public static ProductRow? Product(InputRecord record, out string problem) => Parse(record, out problem, (root, errors) =>
    {
        var common = Common(root, errors);
        var product = RequiredString(root, "product_id", errors);
        var action = RequiredString(root, "action", errors);
        if (action is not null && !Actions.Contains(action))
        {
            errors.Add($"action '{action}' is not one of {string.Join(", ", Actions)}");
        }

        var user = OptionalString(root, "user_id", errors);
        var quantity = OptionalInteger(root, "quantity", errors) ?? 1;
        var properties = OptionalObject(root, "properties", errors);
        var price = OptionalAmount(properties, "price", errors, "properties.");
        var category = OptionalString(properties, "category", errors, "properties.");
        var brand = OptionalString(properties, "brand", errors, "properties.");
        return errors.Count == 0
            ? new ProductRow(record.Partition, record.Offset, common.EventId!, product!, action!, user, quantity, price, category, brand, common.Time)
            : null;
    });

    public static OrderRow? Order(InputRecord record, out string problem) => Parse(record, out problem, (root, errors) =>
    {
        var common = Common(root, errors);
        var order = RequiredString(root, "order_id", errors);
        var user = RequiredString(root, "user_id", errors);
        var status = RequiredString(root, "status", errors);
        if (status is not null && !Statuses.Contains(status))
        {
            errors.Add($"status '{status}' is not one of {string.Join(", ", Statuses)}");
        }

        var total = OptionalAmount(root, "total_amount", errors);
        if (total is null && !errors.Any(e => e.StartsWith("total_amount", StringComparison.Ordinal)))
        {
            errors.Add("total_amount is required");
        }

        var items = Items(root, errors);
        return errors.Count == 0
            ? new OrderRow(record.Partition, record.Offset, common.EventId!, order!, user!, status!, total!.Value, items, common.Time)
            : null;
    });

    private static T? Parse<T>(InputRecord record, out string problem, Func<JsonElement, List<string>, T?> read)
        where T : class
    {
        var errors = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(record.Value);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = "the value is not a JSON object";
                return null;
            }

            var row = read(document.RootElement, errors);
            problem = string.Join("; ", errors);
            return row;
        }
        catch (JsonException e)
        {
            problem = "the value is not JSON: " + e.Message;
            return null;
        }
    }

    private static (string? EventId, long Time) Common(JsonElement root, List<string> errors)
    {
        var id = RequiredString(root, "event_id", errors);
        var text = RequiredString(root, "timestamp", errors);
        if (text is null)
        {
            return (id, 0);
        }

        if (!ResultTime.TryParse(text, out var time))
        {
            errors.Add($"timestamp '{text}' is not an ISO-8601 date-time");
            return (id, 0);
        }

        return (id, time.ToUnixTimeMilliseconds());
    }

    private static ImmutableArray<OrderItemRow>? Items(JsonElement root, List<string> errors)
    {
        if (!root.TryGetProperty("items", out var items) || items.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (items.ValueKind != JsonValueKind.Array)
        {
            errors.Add("items must be an array");
            return null;
        }

        var rows = ImmutableArray.CreateBuilder<OrderItemRow>();
        var i = 0;
        foreach (var item in items.EnumerateArray())
        {
            var prefix = $"items[{i++}].";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(prefix[..^1] + " must be an object");
                continue;
            }

            var quantity = OptionalInteger(item, "quantity", errors, prefix);
            var price = OptionalAmount(item, "price", errors, prefix);
            if (quantity is null || price is null)
            {
                errors.Add(prefix + "quantity and " + prefix + "price are required");
                continue;
            }

            rows.Add(new OrderItemRow(quantity.Value, price.Value));
        }

        // An empty list gives no items to check, as an absent one.
        return rows.Count == 0 ? null : rows.ToImmutable();
    }

    private static string? RequiredString(JsonElement root, string field, List<string> errors)
    {
        var value = OptionalString(root, field, errors);
        if (value is null && !errors.Any(e => e.StartsWith(field, StringComparison.Ordinal)))
        {
            errors.Add($"{field} is required");
        }

        return value;
    }

    private static string? OptionalString(JsonElement? parent, string field, List<string> errors, string prefix = "")
    {
        if (parent is not { } p || !p.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{prefix}{field} must be a string");
            return null;
        }

        var text = value.GetString();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static JsonElement? OptionalObject(JsonElement root, string field, List<string> errors)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{field} must be an object");
            return null;
        }

        return value;
    }

    private static int? OptionalInteger(JsonElement? parent, string field, List<string> errors, string prefix = "")
    {
        if (parent is not { } p || !p.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number != decimal.Truncate(number) || number < 0 || number > int.MaxValue)
        {
            errors.Add($"{prefix}{field} must be a whole number from 0 to {int.MaxValue}");
            return null;
        }

        return (int)number;
    }

    private static decimal? OptionalAmount(JsonElement? parent, string field, List<string> errors, string prefix = "")
    {
        if (parent is not { } p || !p.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number < 0 || number > InputLimits.MaxAmount)
        {
            errors.Add($"{prefix}{field} must be a number from 0 to {InputLimits.MaxAmount}");
            return null;
        }

        if (InputLimits.Scale(number) > InputLimits.AmountDecimals)
        {
            errors.Add($"{prefix}{field} has more than {InputLimits.AmountDecimals} decimal places, which the DuckDB engine does not hold exactly");
            return null;
        }

        return number;
    }
}
