namespace Streaming.Streams.Broker;

/// <summary>
/// What a partition's records come from: the Kafka cluster's id and the topic's id (Kafka gives every topic a UUID,
/// so a topic deleted and created again under the same name is another stream). A checkpoint stores it, so that
/// state taken from one stream is never applied to another.
/// </summary>
public sealed record StreamIdentity(string ClusterId, string TopicId)
{
    public override string ToString() => $"cluster {ClusterId}, topic id {TopicId}";
}
