using Streaming.Analytics.Keyed;

namespace Streaming.Engine.Processing;

/// <summary>Where a step's records go (Kafka in the engine); completes once every record is acknowledged.</summary>
public interface IResultSink
{
    Task PublishAsync(IReadOnlyList<ResultRecord> records);
}
