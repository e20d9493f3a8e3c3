namespace Streaming.Streams.Contracts;

/// <summary>Rules for string fields: each returns an error message, or null when the value is fine.</summary>
internal static class FieldRules
{
    /// <summary>user_id, product_id, order_id, session_id: not blank, ≤ 256 chars, no control chars.</summary>
    public static string? Id(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "must not be empty";
        }

        if (value.Length > ContractLimits.MaxIdLength)
        {
            return $"must be at most {ContractLimits.MaxIdLength} characters";
        }

        return TextChecks.HasControlChar(value) ? "must not contain control characters" : null;
    }

    /// <summary>A client's event_id: 1..128 chars of [A-Za-z0-9._:-].</summary>
    public static string? EventId(string value)
    {
        if (value.Length is 0 or > ContractLimits.MaxEventIdLength)
        {
            return $"must be 1 to {ContractLimits.MaxEventIdLength} characters";
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or ':' or '-'))
            {
                return "may contain only letters, digits and . _ : -";
            }
        }

        return null;
    }

    /// <summary>event_type: ^[a-z][a-z0-9_]{0,63}$.</summary>
    public static string? EventType(string value)
    {
        const string Message = "must be a lowercase word: a-z first, then a-z, 0-9 or _, at most 64 characters";
        if (value.Length is 0 or > 64 || !char.IsAsciiLetterLower(value[0]))
        {
            return Message;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return Message;
            }
        }

        return null;
    }

    /// <summary>currency: three uppercase ASCII letters.</summary>
    public static string? Currency(string value) =>
        value.Length == 3 && char.IsAsciiLetterUpper(value[0]) && char.IsAsciiLetterUpper(value[1]) && char.IsAsciiLetterUpper(value[2])
            ? null
            : "must be three uppercase letters (ISO 4217), e.g. KRW";

    /// <summary>Short texts (device, category, city, payment_method, …): ≤ 256 chars, no control chars.</summary>
    public static string? Label(string value)
    {
        if (value.Length > ContractLimits.MaxLabelLength)
        {
            return $"must be at most {ContractLimits.MaxLabelLength} characters";
        }

        return TextChecks.HasControlChar(value) ? "must not contain control characters" : null;
    }

    /// <summary>page_url: ≤ 2048 chars, no control chars.</summary>
    public static string? PageUrl(string value)
    {
        if (value.Length > ContractLimits.MaxPageUrlLength)
        {
            return $"must be at most {ContractLimits.MaxPageUrlLength} characters";
        }

        return TextChecks.HasControlChar(value) ? "must not contain control characters" : null;
    }

    public static string? ProductAction(string value) =>
        WireNames.TryParseProductAction(value, out _) ? null : "must be one of: " + string.Join(", ", WireNames.ProductActions);

    public static string? OrderStatus(string value) =>
        WireNames.TryParseOrderStatus(value, out _) ? null : "must be one of: " + string.Join(", ", WireNames.OrderStatuses);
}
