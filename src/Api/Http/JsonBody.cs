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

    /// <summary>A body in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; dispose it once nothing refers to <see cref="Memory"/>.</summary>
    public sealed class Pooled : IDisposable
    {
        private byte[]? _buffer;

        internal Pooled(byte[] buffer, int length)
        {
            _buffer = buffer;
            Memory = buffer.AsMemory(0, length);
        }

        public ReadOnlyMemory<byte> Memory { get; private set; }

        public void Dispose()
        {
            var buffer = Interlocked.Exchange(ref _buffer, null);
            Memory = default;
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static async Task<Outcome> ReadAsync(HttpContext context, int maxBytes)
    {
        var (body, error) = await ReadPooledAsync(context, maxBytes);
        if (body is null) return new(null, error);
        using (body) return new(body.Memory.ToArray(), null);
    }

    /// <summary>
    /// Like <see cref="ReadAsync"/>, without copying the body into an exact-size array: large
    /// bodies (batches) would otherwise cost two large-object-heap allocations per request.
    /// </summary>
    public static async Task<(Pooled? Body, IResult? Error)> ReadPooledAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the body as application/json (got '{request.ContentType ?? "none"}').", "unsupported-media-type"));
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));

        var pool = ArrayPool<byte>.Shared;
        var buffer = pool.Rent((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        var length = 0;
        var stream = request.Body;
        try
        {
            while (true)
            {
                if (buffer.Length - length < 1024)
                {
                    var larger = pool.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0) break;
                length += read;
                if (length > maxBytes)
                {
                    pool.Return(buffer);
                    return (null, TooLarge(maxBytes));
                }
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
        return (new Pooled(buffer, length), null);
    }

    private static IResult TooLarge(int maxBytes) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Body too large",
            $"The body exceeds {maxBytes} bytes; split it into smaller requests.", "body-too-large");

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0) mediaType = mediaType[..semicolon];
        mediaType = mediaType.Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
