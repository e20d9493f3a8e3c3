using System.Text.Json;
using Streaming.TestSupport;

namespace Streaming.Kinesis.Tests.Support;

/// <summary>
/// Debian's awscli (<c>/usr/bin/aws</c>, by full path: another <c>aws</c> may come first on PATH), the
/// client nobody here wrote: reads a stream back shard by shard, in sequence order.
/// </summary>
public static class AwsCli
{
    public const string Path = "/usr/bin/aws";

    /// <summary>Every record of every shard, each shard in sequence order (shards one after another).</summary>
    public static async Task<IReadOnlyList<StreamRecord>> ReadAllAsync(string endpoint, string stream)
    {
        var records = new List<StreamRecord>();
        using var shards = await RunAsync(endpoint, "list-shards", "--stream-name", stream).ConfigureAwait(false);
        foreach (var shard in shards.RootElement.GetProperty("Shards").EnumerateArray())
        {
            var shardId = shard.GetProperty("ShardId").GetString()!;
            string? iterator;
            using (var it = await RunAsync(endpoint, "get-shard-iterator", "--stream-name", stream, "--shard-id", shardId, "--shard-iterator-type", "TRIM_HORIZON").ConfigureAwait(false))
                iterator = it.RootElement.GetProperty("ShardIterator").GetString();
            while (iterator is not null)
            {
                using var page = await RunAsync(endpoint, "get-records", "--shard-iterator", iterator, "--limit", "10000").ConfigureAwait(false);
                var batch = page.RootElement.GetProperty("Records");
                foreach (var record in batch.EnumerateArray())
                {
                    records.Add(new StreamRecord(
                        shardId,
                        record.GetProperty("SequenceNumber").GetString()!,
                        record.GetProperty("PartitionKey").GetString()!,
                        Convert.FromBase64String(record.GetProperty("Data").GetString()!)));
                }
                // An empty page means this shard has been read to its current end.
                if (batch.GetArrayLength() == 0) break;
                iterator = page.RootElement.TryGetProperty("NextShardIterator", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            }
        }
        return records;
    }

    private static async Task<JsonDocument> RunAsync(string endpoint, params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "dummy",
            ["AWS_SECRET_ACCESS_KEY"] = "dummy",
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_PAGER"] = "",
            ["AWS_CONFIG_FILE"] = "/nonexistent/aws-config",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/aws-credentials",
        };
        var result = await CommandLine.RunCheckedAsync(
            Path,
            ["kinesis", .. args, "--endpoint-url", endpoint, "--output", "json", "--no-cli-pager"],
            TimeSpan.FromMinutes(2),
            environment: environment).ConfigureAwait(false);
        return JsonDocument.Parse(result.StdOut);
    }
}
