namespace Streaming.Streams.Cdc;

/// <summary>What a first start (the replication slot does not exist yet) does before it streams.</summary>
public enum CdcSnapshotMode
{
    /// <summary>Read every row of every configured table in the slot's exported snapshot (op <c>r</c>), then
    /// stream from the slot: no gap, no overlap.</summary>
    Initial,

    /// <summary>Create the slot and stream only what changes from then on (Debezium's <c>no_data</c>).</summary>
    Never,
}
