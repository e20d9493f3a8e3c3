namespace Streaming.Streams.Cdc;

/// <summary>Debezium's <c>op</c> values.</summary>
internal enum ChangeOp
{
    Read,
    Create,
    Update,
    Delete,
}
