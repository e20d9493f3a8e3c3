using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Streaming.Api.Http;

/// <summary>
/// Reads a request body as raw UTF-8 bytes, enforcing the JSON content type (415) and the size
/// limit (413) before any parsing, so the validators see exactly what the client sent.
/// </summary>
public static class JsonBody
{
    public sealed record Outcome(byte[]? Body, IResult? Error);

    public static async Task<Outcome> ReadAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
            return new(null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the body as application/json (got '{request.ContentType ?? "none"}').", "unsupported-media-type"));
        if (request.ContentLength > maxBytes) return new(null, TooLarge(maxBytes));

        var writer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        var stream = request.Body;
        while (true)
        {
            var memory = writer.GetMemory(4096);
            var read = await stream.ReadAsync(memory, context.RequestAborted);
            if (read == 0) break;
            writer.Advance(read);
            if (writer.WrittenCount > maxBytes) return new(null, TooLarge(maxBytes));
        }
        return new(writer.WrittenSpan.ToArray(), null);
    }

    private static IResult TooLarge(int maxBytes) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Body too large",
            $"The body exceeds {maxBytes} bytes; split it into smaller requests.", "body-too-large");

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
