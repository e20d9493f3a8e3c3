using Streaming.Streams.Contracts;

namespace Streaming.Api.Ingest;

/// <summary>
/// The Kafka consumer group of the processors and the topics they consume: its committed offsets tell the gateway how
/// far they are (backlog limit, consumer-group lag, stream stats).
/// </summary>
public sealed record ProcessorGroup(string Id)
{
    public IReadOnlyList<string> Topics { get; init; } = TopicNames.InputTopics;
}
