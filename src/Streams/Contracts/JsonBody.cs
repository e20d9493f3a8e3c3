using System.Text.Json;
using System.Text.Unicode;

namespace Streaming.Streams.Contracts;

/// <summary>Turns raw bytes into a <see cref="JsonDocument"/> whose root is an object, or reports
/// why not on <c>body</c>: not UTF-8, not JSON, too deep, not an object. Never throws.</summary>
internal static class JsonBody
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        // Deeper than the limit so that the depth check below, not the reader, reports it.
        MaxDepth = ContractLimits.MaxNestingDepth * 2,
    };

    public static JsonDocument? Read(ReadOnlySpan<byte> utf8Json, ErrorCollector errors)
    {
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        if (utf8Json.Trim(" \t\r\n"u8).IsEmpty)
        {
            errors.Add(FieldError.Body, "is empty; expected a JSON object");
            return null;
        }

        if (!Utf8.IsValid(utf8Json))
        {
            errors.Add(FieldError.Body, "is not valid UTF-8");
            return null;
        }

        var problem = Scan(utf8Json);
        if (problem is not null)
        {
            errors.Add(FieldError.Body, problem);
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            errors.Add(FieldError.Body, "is not valid JSON: " + ex.Message);
            return null;
        }
    }

    /// <summary>One pass over the tokens: syntax, root kind and depth.</summary>
    private static string? Scan(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            var first = true;
            while (reader.Read())
            {
                if (first && reader.TokenType != JsonTokenType.StartObject)
                {
                    return "must be a JSON object";
                }

                first = false;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                    && reader.CurrentDepth >= ContractLimits.MaxNestingDepth)
                {
                    return $"JSON nesting depth exceeds {ContractLimits.MaxNestingDepth}";
                }
            }

            return null;
        }
        catch (JsonException ex)
        {
            return "is not valid JSON: " + ex.Message;
        }
    }
}
