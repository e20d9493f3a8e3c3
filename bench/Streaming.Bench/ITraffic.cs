namespace Streaming.Bench;

/// <summary>What a <see cref="Generator"/> produces: one record after another, in the stored (normalized) format.</summary>
internal interface ITraffic
{
    /// <summary>Approximate bytes one record takes in the broker's log.</summary>
    int RecordBytes { get; }

    /// <summary>The record number <paramref name="seq"/>: its topic, key and value.</summary>
    (string Topic, byte[] Key, byte[] Value) Next(Random random, long seq);
}
