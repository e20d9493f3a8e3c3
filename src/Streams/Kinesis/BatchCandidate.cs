namespace Streaming.Streams.Kinesis;

/// <summary>What <see cref="BatchPlanner"/> needs to know of one record waiting to be sent.</summary>
/// <param name="PartitionKey">Its Kinesis partition key.</param>
/// <param name="Size">Its data plus the UTF-8 bytes of its partition key (what Kinesis counts).</param>
/// <param name="Ready">False while it waits out a retry backoff.</param>
public readonly record struct BatchCandidate(string PartitionKey, int Size, bool Ready);
