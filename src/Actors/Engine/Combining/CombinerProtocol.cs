using System.Collections.Immutable;

namespace Streaming.Engine.Combining;

/// <summary>A released record of a combiner: its id and its encoded form.</summary>
public sealed record ReleasedRecord(string Id, byte[] Record);

/// <summary>
/// One partition's step for a combiner (<paramref name="Combiner"/> names it): the part for the results it published
/// (encoded by the combiner), its watermark and whether it is active, and the ids of released records it has since seen
/// acknowledged. Also the event the combiner persists.
/// </summary>
public sealed record CombinerContribution(string Combiner, int Partition, int PartitionCount, byte[] Part, DateTimeOffset Watermark, bool Active,
    ImmutableArray<string> Published);

/// <summary>The released records not yet confirmed as published: the caller publishes them.</summary>
public sealed record CombinerAccepted(ImmutableArray<ReleasedRecord> Unpublished);

/// <summary>A combiner's snapshot: its encoded state (null before the first contribution) and its released, unconfirmed records.</summary>
public sealed record CombinerSnapshot(byte[]? State, ImmutableArray<ReleasedRecord> Unpublished);
