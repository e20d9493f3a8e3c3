namespace Streaming.Crosscheck.Engine;

/// <summary>An input record the engine could not read (the actor engine sends such records to <c>dead_letters</c>).</summary>
/// <param name="Topic">Its topic.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="Offset">Its offset.</param>
/// <param name="Reason">What is wrong with it.</param>
public sealed record RejectedRecord(string Topic, int Partition, long Offset, string Reason);
