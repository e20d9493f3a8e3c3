namespace Streaming.Streams.Broker;

public sealed record TopicInfo(string Name, int Partitions);
