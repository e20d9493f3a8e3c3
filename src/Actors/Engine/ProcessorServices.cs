using Akka.Actor;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streaming.Streams.Broker;

namespace Streaming.Actors.Engine;

/// <summary>
/// What every partition processor of a node shares: the actor system, the result producer, the checkpoint stores, the
/// broker facts (<see cref="EmbeddedBroker"/>: the node runs the broker in its own process, so it lives as long as the
/// node), settings and instruments.
/// </summary>
public sealed record ProcessorServices(
    ActorSystem System,
    IProducer<byte[]?, byte[]> Producer,
    IActorRef Checkpoints,
    StreamInspector Streams,
    bool EmbeddedBroker,
    EngineOptions Engine,
    AnalyticsOptions Analytics,
    EngineMetrics Metrics,
    TimeProvider Clock,
    ILogger Logger,
    string NodeAddress);
