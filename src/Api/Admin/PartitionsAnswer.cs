namespace Streaming.Api.Admin;

/// <summary>The answer of GET /api/v1/admin/partitions: every input partition, the processors' consumer group, when it was read.</summary>
public sealed record PartitionsAnswer(IReadOnlyList<PartitionRow> Partitions, string Group, DateTimeOffset Timestamp);
