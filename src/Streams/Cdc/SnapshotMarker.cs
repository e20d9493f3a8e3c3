namespace Streaming.Streams.Cdc;

/// <summary>
/// Debezium's <c>source.snapshot</c> value of a snapshot record: "last" for the very last record of the snapshot,
/// "first" for the very first, "last_in_data_collection" / "first_in_data_collection" at the ends of each table,
/// "true" in between (checked in that order, as Debezium does).
/// </summary>
internal static class SnapshotMarker
{
    public const string Streaming = "false";

    public static string Of(bool firstInSnapshot, bool lastInSnapshot, bool firstInTable, bool lastInTable) =>
        lastInSnapshot ? "last"
        : firstInSnapshot ? "first"
        : lastInTable ? "last_in_data_collection"
        : firstInTable ? "first_in_data_collection"
        : "true";
}
