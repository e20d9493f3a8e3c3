namespace Streaming.Engine.Processing;

/// <summary>A <c>dead_letters</c> record: an input record that could not be parsed or processed, with the error.</summary>
public sealed record DeadLetterRecord(
    string Topic,
    int Partition,
    long Offset,
    string? Key,
    string Error,
    string Value,
    DateTimeOffset DetectedAt);
