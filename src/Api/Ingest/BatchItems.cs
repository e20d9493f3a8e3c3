using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Streaming.Api.Http;

namespace Streaming.Api.Ingest;

/// <summary>
/// The items of a batch body: a JSON array, or an object with an "events" array. The items point
/// into a parsed document; dispose this once they are no longer read, so its buffers go back to the pool.
/// </summary>
public sealed record BatchItems(IReadOnlyList<JsonElement>? Items, IResult? Error) : IDisposable
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 34 };

    private JsonDocument? Document { get; init; }

    public static BatchItems Read(byte[] body, int maxEvents) => Read(body.AsMemory(), maxEvents);

    public static BatchItems Read(ReadOnlyMemory<byte> body, int maxEvents)
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
        BatchItems? failed = null;
        var count = root.ValueKind == JsonValueKind.Array ? root.GetArrayLength() : 0;
        if (root.ValueKind != JsonValueKind.Array)
            failed = Invalid("The body must be a JSON array of events or an object with an \"events\" array.");
        else if (count == 0)
            failed = Invalid("The batch is empty.");
        else if (count > maxEvents)
            failed = new(null, Problems.Status(StatusCodes.Status413PayloadTooLarge, "Batch too large",
                $"The batch has {count} events; at most {maxEvents} are accepted per request.", "batch-too-large"));
        if (failed is not null)
        {
            document.Dispose();
            return failed;
        }
        var items = new List<JsonElement>(count);
        foreach (var item in root.EnumerateArray()) items.Add(item);
        return new(items, null) { Document = document };
    }

    private static BatchItems Invalid(string message) => new(null, Problems.Validation([new("body", [message])]));

    public void Dispose() => Document?.Dispose();
}
