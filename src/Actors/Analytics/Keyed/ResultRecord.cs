namespace Streaming.Analytics.Keyed;

/// <summary>A result as it goes to Kafka: topic, key, UTF-8 JSON value and the deterministic id carried in the <c>result_id</c> header.</summary>
public sealed record ResultRecord(string Topic, string Key, byte[] Value, string ResultId);
