namespace Streaming.Engine.Processing;

/// <summary>Settings of section <c>Streaming:Engine</c> (environment: <c>Streaming__Engine__…</c>).</summary>
public sealed record EngineOptions
{
    public const string Section = "Streaming:Engine";

    /// <summary>Whether this node consumes input topics and hosts processing (the "processor" role).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Kafka consumer group of the processors.</summary>
    public string GroupId { get; init; } = "streaming-processors";

    /// <summary>Consumer group protocol: "consumer" (KIP-848, needs Kafka 4.0+ or the embedded broker) or "classic" (cooperative-sticky).</summary>
    public string GroupProtocol { get; init; } = "consumer";

    /// <summary>How often a partition makes its state durable and commits its offset.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most records one processing step takes from a partition (a step takes what arrived while the previous one ran).</summary>
    public int MaxBatch { get; init; } = 2000;

    /// <summary>Wall-clock tick that advances idle watermarks and checkpoints quiet partitions.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Timeout of one entity request; a timeout restarts the pipeline from its last checkpoint.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a processor that takes over a partition waits for the partition's shards to arrive on its node (the
    /// previous owner drained them; sharding moves them within <see cref="RebalanceInterval"/> of learning the new home).
    /// Past it the processor starts with the entities wherever they are: correct, but they answer across nodes, and a
    /// shard that moves under it makes it replay from its checkpoint.
    /// </summary>
    public TimeSpan HandOverTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often sharding moves shards to the node whose consumer owns their partition (Akka's default is 10 s: every hand-over would wait that long).</summary>
    public TimeSpan RebalanceInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The trending aggregator snapshots every this many events (snapshots bound its recovery time).</summary>
    public int SnapshotEvery { get; init; } = 20;

    /// <summary>Sharding stops entities idle this long; one with unconfirmed changes makes its processor replay from the checkpoint.</summary>
    public TimeSpan PassivateAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Live entities a partition keeps at most: after a checkpoint the least recently touched beyond this leave memory
    /// (their state is in the backend and the node's state cache), so memory holds the hot keys, not every key seen.
    /// </summary>
    public int LiveEntitiesPerPartition { get; init; } = 20_000;

    /// <summary>Event-time timers a partition loads from the backend at a time (the rest stay there until the watermark gets near).</summary>
    public int TimersInMemory { get; init; } = 10_000;

    /// <summary>Bytes of recently used key states the node keeps in memory (encoded); an entity that starts finds its state there before it asks the database.</summary>
    public long StateCacheBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Longest a fetch may wait at the broker for data (librdkafka <c>fetch.wait.max.ms</c>; a
    /// <c>Streaming:Kafka:Client</c> entry of that name wins). Kafka answers a waiting fetch as soon as
    /// data arrives, but the embedded broker (librdkafka's mock) holds it the full time, so the client
    /// default of 500 ms would sit in every result's latency; a few ms costs only idle fetches.
    /// </summary>
    public TimeSpan FetchWaitMax { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How long the result producer lingers to fill a batch (librdkafka <c>linger.ms</c>). A step
    /// hands all of its results to the producer at once, so the step is the batch: a linger only
    /// delays every result, and the next publish and checkpoint, which wait for the acknowledgements.
    /// </summary>
    public TimeSpan ProducerLinger { get; init; } = TimeSpan.Zero;

    /// <summary>Records a consumer buffers per partition before pausing it.</summary>
    public int MaxBufferedPerPartition { get; init; } = 1000;

    /// <summary>
    /// What a partition does when records it has not processed are gone from its log (deleted by retention) or its
    /// checkpoint lies beyond the log's end: "fail" (the partition is not processed; an ERROR says what to do),
    /// "reset" (it goes on from what the log holds; the records are counted in
    /// <c>streaming_engine_records_unprocessable</c> and logged), or "auto": fail on an external cluster, reset on the
    /// embedded broker the node runs itself. The engine sets Kafka's <c>auto.offset.reset</c> to <c>error</c> so that every such case comes here.
    /// </summary>
    public string LostRecords { get; init; } = "auto";

    /// <summary>How often a held partition (see <see cref="LostRecords"/>, or a stream whose identity changed) checks whether it may start.</summary>
    public TimeSpan HeldRecheck { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// On SIGTERM (or Ctrl-C) the node finishes each partition's step, checkpoints and commits within this time, so a
    /// restart replays nothing; what is not drained by then is replayed from the last checkpoint.
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The policy of <see cref="LostRecords"/> for a broker that is (or is not) the embedded one.</summary>
    public LostRecordsPolicy LostRecordsPolicy(bool embedded) => LostRecords.ToLowerInvariant() switch
    {
        "fail" => Processing.LostRecordsPolicy.Fail,
        "reset" => Processing.LostRecordsPolicy.Reset,
        "auto" => embedded ? Processing.LostRecordsPolicy.Reset : Processing.LostRecordsPolicy.Fail,
        _ => throw new Microsoft.Extensions.Options.OptionsValidationException("Streaming:Engine:LostRecords", typeof(EngineOptions),
            [$"Streaming:Engine:LostRecords is '{LostRecords}'; use auto, fail or reset"]),
    };
}
