using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Streaming.Api.Http;

namespace Streaming.Api.Ingest;

/// <summary>The items of a batch body: a JSON array, or an object with an "events" array.</summary>
public sealed record BatchItems(IReadOnlyList<JsonElement>? Items, IResult? Error)
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 34 };

    public static BatchItems Read(byte[] body, int maxEvents)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException e)
        {
            return Invalid($"The body is not valid JSON (UTF-8, at most 32 levels deep): {e.Message}");
        }
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("events", out var events)) root = events;
        if (root.ValueKind != JsonValueKind.Array)
            return Invalid("The body must be a JSON array of events or an object with an \"events\" array.");
        var count = root.GetArrayLength();
        if (count == 0) return Invalid("The batch is empty.");
        if (count > maxEvents)
            return new(null, Problems.Status(StatusCodes.Status413PayloadTooLarge, "Batch too large",
                $"The batch has {count} events; at most {maxEvents} are accepted per request.", "batch-too-large"));
        return new(root.EnumerateArray().ToList(), null);
    }

    private static BatchItems Invalid(string message) => new(null, Problems.Validation([new("body", [message])]));
}
