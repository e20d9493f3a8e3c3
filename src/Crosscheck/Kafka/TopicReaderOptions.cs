namespace Streaming.Crosscheck.Kafka;

/// <summary>How <see cref="TopicReader"/> reaches Kafka.</summary>
public sealed record TopicReaderOptions
{
    /// <summary>Bootstrap servers, e.g. <c>broker:9092</c>; required.</summary>
    public string BootstrapServers { get; init; } = "";

    /// <summary>Further librdkafka settings (security, client id); they override the reader's own.</summary>
    public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>();

    /// <summary>How long to wait for metadata and offsets of a topic (10 s).</summary>
    public TimeSpan MetadataTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the reader may receive nothing before it gives up on reaching the end offsets (30 s).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
