using System.Text.Json.Serialization;
using Confluent.Kafka;

namespace Streaming.Streams.Kinesis;

/// <summary>
/// What one forwarding is: Kafka topic → Kinesis stream, with its own consumer group so a restart
/// resumes from the committed offsets. This is what <see cref="IForwardingStore"/> persists; how
/// forwardings run is <see cref="ForwardingSettings"/>.
/// </summary>
public sealed record ForwardingDefinition
{
    public ForwardingDefinition(string topic, string stream)
    {
        Topic = topic;
        Stream = stream;
    }

    /// <summary>Source topic.</summary>
    public string Topic { get; init; }

    /// <summary>Target Kinesis stream.</summary>
    public string Stream { get; init; }

    /// <summary>Consumer group; null uses <see cref="DefaultGroup"/>. Its committed offsets are the forwarding's
    /// progress: keep it stable across restarts.</summary>
    public string? ConsumerGroup { get; init; }

    /// <summary>Where a group without committed offsets starts: the earliest retained record (nothing retained is
    /// skipped) or only records produced from now on.</summary>
    public AutoOffsetReset StartFrom { get; init; } = AutoOffsetReset.Earliest;

    /// <summary>Partition key of records without a Kafka key.</summary>
    public NullKeyMode NullKeys { get; init; } = NullKeyMode.PerRecord;

    /// <summary>Default consumer group of a forwarding.</summary>
    public static string DefaultGroup(string topic, string stream) => $"streaming-kinesis.{topic}.{stream}";

    [JsonIgnore]
    public string EffectiveGroup => string.IsNullOrWhiteSpace(ConsumerGroup) ? DefaultGroup(Topic, Stream) : ConsumerGroup;

    [JsonIgnore]
    public ForwardingId Id => new(Topic, Stream);

    public ForwardingDefinition Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Topic, nameof(Topic));
        if (Topic.Length > 249 || Topic.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
            throw new ArgumentException($"'{Topic}' is not a valid Kafka topic name: up to 249 characters of a–z, A–Z, 0–9, '.', '_', '-'.", nameof(Topic));
        StreamNames.Check(Stream, nameof(Stream));
        if (!Enum.IsDefined(NullKeys)) throw new ArgumentOutOfRangeException(nameof(NullKeys), NullKeys, "Unknown null-key mode.");
        if (!Enum.IsDefined(StartFrom) || StartFrom == AutoOffsetReset.Error)
            throw new ArgumentOutOfRangeException(nameof(StartFrom), StartFrom, "StartFrom must be Earliest or Latest.");
        return this;
    }
}
