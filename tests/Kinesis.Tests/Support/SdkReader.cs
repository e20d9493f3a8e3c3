using Amazon.Kinesis;
using Amazon.Kinesis.Model;

namespace Streaming.Kinesis.Tests.Support;

/// <summary>Reads a stream back with the AWS SDK (faster than the CLI where a test reads many times).</summary>
public static class SdkReader
{
    /// <summary>Every record of every shard, each shard in sequence order.</summary>
    public static async Task<IReadOnlyList<StreamRecord>> ReadAllAsync(IAmazonKinesis client, string stream)
    {
        var records = new List<StreamRecord>();
        var shards = await client.ListShardsAsync(new ListShardsRequest { StreamName = stream });
        foreach (var shard in shards.Shards)
        {
            var iterator = (await client.GetShardIteratorAsync(new GetShardIteratorRequest
            {
                StreamName = stream,
                ShardId = shard.ShardId,
                ShardIteratorType = ShardIteratorType.TRIM_HORIZON,
            })).ShardIterator;
            while (iterator is not null)
            {
                var page = await client.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator, Limit = 10000 });
                var batch = page.Records ?? [];
                foreach (var record in batch)
                    records.Add(new StreamRecord(shard.ShardId, record.SequenceNumber, record.PartitionKey, record.Data.ToArray()));
                if (batch.Count == 0) break;
                iterator = page.NextShardIterator;
            }
        }
        return records;
    }
}
