namespace Streaming.Streams.Kinesis;

/// <summary>A forwarding is identified by its source topic and target stream.</summary>
public readonly record struct ForwardingId(string Topic, string Stream)
{
    public override string ToString() => $"{Topic} → {Stream}";
}
