namespace Streaming.Streams.Contracts;

/// <summary>State of one parse: where the input comes from, the stamp, the errors found so far.</summary>
internal sealed class ParseContext
{
    public ParseContext(bool fromTopic, EventStamp? stamp)
    {
        FromTopic = fromTopic;
        Stamp = stamp;
    }

    /// <summary>False: a client's input (ingested_at is the stamp's). True: a record read back
    /// from a topic (its event_id and ingested_at are kept; the stamp only fills gaps).</summary>
    public bool FromTopic { get; }

    /// <summary>Null only when reading from a topic strictly (event_id, timestamp, ingested_at required).</summary>
    public EventStamp? Stamp { get; }

    public ErrorCollector Errors { get; } = new();
}
