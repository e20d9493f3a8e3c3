namespace Streaming.Streams.Kinesis;

/// <summary>A consumed record on its way to Kinesis: its envelope, partition key and retry state.</summary>
internal sealed class Outgoing
{
    public required long Seq { get; init; }
    public required int Partition { get; init; }
    public required int Generation { get; init; }
    public required long Offset { get; init; }
    public required string PartitionKey { get; init; }
    public required byte[] Data { get; init; }

    /// <summary>Data plus UTF-8 partition key: what Kinesis counts against its limits.</summary>
    public required int Size { get; init; }

    /// <summary>Why this record cannot go to Kinesis; null for a normal record.</summary>
    public string? PoisonReason { get; set; }

    /// <summary>Sends so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Kinesis refused it at least once (it counts as retrying until settled).</summary>
    public bool Failed { get; set; }

    /// <summary>Not to be sent before this time (retry backoff).</summary>
    public DateTimeOffset NotBefore { get; set; }

    public string Describe(string topic) => $"{topic}/{Partition}@{Offset}";
}
