using Akka;
using Akka.Streams.Dsl;
using Akka.Streams.Supervision;
using Confluent.Kafka;
using DslFlow = Akka.Streams.Dsl.Flow;
using DslSink = Akka.Streams.Dsl.Sink;

namespace Streaming.Streams.Kafka;

/// <summary>
/// Producing stages. Results are emitted in input order and only after the broker acknowledged
/// the record; a failed delivery fails the stream with its <see cref="ProduceException{TKey,TValue}"/>
/// unless <c>decider</c> (or the stream's supervision attribute) says Resume, which drops it.
/// </summary>
public static class KafkaProducer
{
    /// <summary>Creates (and on completion flushes and disposes) its own producer per materialization.</summary>
    public static Flow<ProducerEnvelope<TPassThrough>, ProducerResult<TPassThrough>, NotUsed> Flow<TPassThrough>(
        KafkaProducerSettings settings, Decider? decider = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return DslFlow.FromGraph(new ProducerStage<TPassThrough>(settings.CreateProducer, true, settings.Parallelism, settings.FlushTimeout, decider));
    }

    /// <summary>Uses a shared producer the caller owns (it is neither flushed nor disposed here).</summary>
    public static Flow<ProducerEnvelope<TPassThrough>, ProducerResult<TPassThrough>, NotUsed> Flow<TPassThrough>(
        IProducer<byte[]?, byte[]> producer, int parallelism = 1000, Decider? decider = null)
    {
        ArgumentNullException.ThrowIfNull(producer);
        return DslFlow.FromGraph(new ProducerStage<TPassThrough>(() => producer, false, parallelism, TimeSpan.Zero, decider));
    }

    /// <summary>Completes once every record was acknowledged.</summary>
    public static Sink<ProducerEnvelope<TPassThrough>, Task<Done>> Sink<TPassThrough>(KafkaProducerSettings settings, Decider? decider = null) =>
        Flow<TPassThrough>(settings, decider).ToMaterialized(DslSink.Ignore<ProducerResult<TPassThrough>>(), Keep.Right);

    public static Sink<ProducerEnvelope<TPassThrough>, Task<Done>> Sink<TPassThrough>(
        IProducer<byte[]?, byte[]> producer, int parallelism = 1000, Decider? decider = null) =>
        Flow<TPassThrough>(producer, parallelism, decider).ToMaterialized(DslSink.Ignore<ProducerResult<TPassThrough>>(), Keep.Right);
}
