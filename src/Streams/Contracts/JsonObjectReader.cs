using System.Text.Json;
using System.Text.Unicode;

namespace Streaming.Streams.Contracts;

/// <summary>Turns raw bytes into a <see cref="JsonDocument"/> whose root is an object, or reports
/// why not on <c>body</c>: not UTF-8, not JSON, too deep, not an object. Never throws.</summary>
internal static class JsonObjectReader
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

        // One pass of the reader: syntax and root kind here, nesting depth in JsonShapeCheck (the reader's own
        // limit is twice ours, so a document past it is reported as too deep, as the shape check would).
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                errors.Add(FieldError.Body, "must be a JSON object");
                return null;
            }

            var document = JsonDocument.ParseValue(ref reader);
            try
            {
                // Anything after the root value other than white space makes the reader throw.
                reader.Read();
            }
            catch
            {
                document.Dispose();
                throw;
            }

            return document;
        }
        catch (JsonException ex)
        {
            errors.Add(FieldError.Body, reader.CurrentDepth >= ContractLimits.MaxNestingDepth
                ? JsonShapeCheck.TooDeepProblem
                : "is not valid JSON: " + ex.Message);
            return null;
        }
    }
}
