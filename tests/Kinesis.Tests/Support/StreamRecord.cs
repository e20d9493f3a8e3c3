namespace Streaming.Kinesis.Tests.Support;

/// <summary>A record read back from a Kinesis stream.</summary>
public sealed record StreamRecord(string ShardId, string SequenceNumber, string PartitionKey, byte[] Data);
