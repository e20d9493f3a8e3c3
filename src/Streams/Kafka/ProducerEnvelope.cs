using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>A record to produce and a value carried through to its <see cref="ProducerResult{TPassThrough}"/>.</summary>
public sealed record ProducerEnvelope<TPassThrough>(string Topic, byte[]? Key, byte[] Value, Headers? Headers, TPassThrough PassThrough);
