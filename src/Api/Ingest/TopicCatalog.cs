using System.Collections.Concurrent;
using Streaming.Streams.Broker;
using Streaming.Streams.Contracts;

namespace Streaming.Api.Ingest;

/// <summary>Which topics a client may write to by name: existing custom topics, never result topics.</summary>
public sealed class TopicCatalog(TopicAdmin admin)
{
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    /// <summary>Null when the client may write raw records to the topic; otherwise why not.</summary>
    public string? CheckCustomTopic(string topic)
    {
        if (TopicNames.ResultTopics.Contains(topic))
            return $"'{topic}' holds results of the processing engine; clients cannot write to it.";
        if (!TopicNames.IsSafeCustomTopicName(topic))
            return $"'{topic}' is not an accepted topic name: use letters, digits, '.', '_' or '-' (not starting with '__'), at most 249 characters.";
        if (_known.ContainsKey(topic)) return null;
        foreach (var t in admin.ListTopics(TimeSpan.FromSeconds(5))) _known[t.Name] = true;
        return _known.ContainsKey(topic)
            ? null
            : $"Topic '{topic}' does not exist; create it first with POST /api/v1/streaming/topics/{topic}/create.";
    }

    public void Remember(string topic) => _known[topic] = true;
}
