namespace Streaming.Streams.Cdc;

/// <summary>A Kafka record the connector writes.</summary>
/// <param name="Topic">The table's topic.</param>
/// <param name="Key">JSON key (null for tables without a primary key).</param>
/// <param name="Value">The envelope; null for a tombstone.</param>
/// <param name="Header">Name of Debezium's key-change header (<c>__debezium.newkey</c> / <c>__debezium.oldkey</c>), else null.</param>
/// <param name="HeaderValue">Its value: the other key.</param>
internal sealed record OutgoingRecord(string Topic, byte[]? Key, byte[]? Value, string? Header = null, byte[]? HeaderValue = null)
{
    public bool IsTombstone => Value is null;
}
