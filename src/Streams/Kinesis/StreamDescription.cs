namespace Streaming.Streams.Kinesis;

/// <summary>What <see cref="KinesisAdmin.DescribeStreamAsync"/> reports about one stream.</summary>
/// <param name="Name">Stream name.</param>
/// <param name="Arn">Stream ARN.</param>
/// <param name="Status">CREATING, DELETING, ACTIVE or UPDATING.</param>
/// <param name="Mode">PROVISIONED or ON_DEMAND (emulators that do not report it: PROVISIONED).</param>
/// <param name="OpenShardCount">Shards that accept writes.</param>
/// <param name="RetentionPeriodHours">How long records stay readable.</param>
/// <param name="CreatedAt">Creation time, when reported.</param>
/// <param name="Shards">Every shard, open and closed (from ListShards).</param>
public sealed record StreamDescription(
    string Name,
    string Arn,
    string Status,
    string Mode,
    int OpenShardCount,
    int RetentionPeriodHours,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<ShardDescription> Shards)
{
    public bool IsActive => string.Equals(Status, "ACTIVE", StringComparison.Ordinal);
}

/// <summary>One shard of a stream.</summary>
/// <param name="ShardId">Shard id (<c>shardId-000000000000</c>).</param>
/// <param name="StartingHashKey">Lowest hash key (decimal string of a 128-bit number) it owns.</param>
/// <param name="EndingHashKey">Highest hash key it owns.</param>
/// <param name="IsOpen">False once the shard was split or merged (it has an ending sequence number).</param>
/// <param name="ParentShardId">The shard it was split or merged from, if any.</param>
public sealed record ShardDescription(string ShardId, string StartingHashKey, string EndingHashKey, bool IsOpen, string? ParentShardId);
