using Microsoft.Extensions.Logging;
using Streaming.Engine.State;
using Streaming.Streams.Broker;

namespace Streaming.Engine.Processing;

/// <summary>
/// What every partition processor of a node shares: the state backend, where results go, the broker facts
/// (<see cref="EmbeddedBroker"/>: the node runs the broker in its own process, so it lives as long as the node),
/// settings and instruments.
/// </summary>
public sealed record ProcessorServices(
    StateBackend Backend,
    IResultSink Sink,
    IStreamFacts Streams,
    bool EmbeddedBroker,
    EngineOptions Engine,
    EventTimeOptions EventTime,
    EngineMetrics Metrics,
    TimeProvider Clock,
    ILogger Logger,
    string NodeAddress);
