using System.Text.Json;

namespace Streaming.Api.Tail;

/// <summary>
/// A record as the tail shows it: where it is, its timestamp (null when the broker has none), its key and headers as
/// UTF-8 text, and its value as JSON when it parses as JSON, else as a string (null for a tombstone).
/// </summary>
public sealed record TailRecord(string Topic, int Partition, long Offset, DateTimeOffset? Timestamp, string? Key, IReadOnlyDictionary<string, string> Headers,
    JsonElement? Value);
