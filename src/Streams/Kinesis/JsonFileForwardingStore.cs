using System.Text.Json;

namespace Streaming.Streams.Kinesis;

/// <summary>
/// Stores forwardings in one JSON file:
/// <code>
/// {"version": 1, "forwardings": [{"topic": "user_events", "stream": "events", "consumer_group": null,
///   "start_from": "Earliest", "null_keys": "PerRecord"}]}
/// </code>
/// A save writes a temporary file beside it, flushes it to disk and renames it over the old one, so
/// a crash leaves either the old or the new set, never a torn file.
/// </summary>
public sealed class JsonFileForwardingStore : IForwardingStore
{
    private const int FormatVersion = 1;

    public JsonFileForwardingStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public async Task<IReadOnlyList<ForwardingDefinition>> LoadAsync(CancellationToken ct)
    {
        if (!File.Exists(Path)) return [];
        ForwardingStoreDocument? document;
        var stream = File.OpenRead(Path);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                document = await JsonSerializer.DeserializeAsync(stream, ForwardingStoreJsonContext.Default.ForwardingStoreDocument, ct).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"Forwarding store '{Path}' is not valid JSON: {e.Message}", e);
            }
        }
        if (document is null) throw new InvalidDataException($"Forwarding store '{Path}' holds null.");
        if (document.Version != FormatVersion)
            throw new InvalidDataException($"Forwarding store '{Path}' has format version {document.Version}; this build reads {FormatVersion}.");
        try
        {
            foreach (var forwarding in document.Forwardings) forwarding.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Forwarding store '{Path}' holds an invalid forwarding: {e.Message}", e);
        }
        return document.Forwardings;
    }

    public async Task SaveAsync(IReadOnlyList<ForwardingDefinition> forwardings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(forwardings);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, new ForwardingStoreDocument(FormatVersion, forwardings), ForwardingStoreJsonContext.Default.ForwardingStoreDocument, ct).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
    }
}
