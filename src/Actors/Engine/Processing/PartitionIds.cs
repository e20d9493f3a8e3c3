namespace Streaming.Engine.Processing;

/// <summary>How partitions are named in the backend and in entity messages: <c>{topic}-{partition}</c>, e.g. <c>user_events-3</c>.</summary>
public static class PartitionIds
{
    public static string Of(string topic, int partition) => $"{topic}-{partition}";
}
