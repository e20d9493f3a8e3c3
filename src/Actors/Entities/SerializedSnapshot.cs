using System.Text.Json;
using Streaming.Actors.Engine;

namespace Streaming.Actors.Entities;

/// <summary>
/// A <see cref="PartitionStateSnapshot"/> already turned into its stored JSON. A partition's snapshot
/// holds every state of the partition (megabytes), and Akka.Persistence.Sql serializes a snapshot
/// inside its write transaction — on SQLite that holds the database's write lock, so every
/// checkpoint and stamp write of the node waited for the serialization. The checkpoint actor
/// serializes off its thread instead and hands this to the snapshot store, whose serializer writes
/// the bytes as they are, under <see cref="PartitionStateSnapshot"/>'s manifest: what is stored,
/// and how it is read back, does not change.
/// </summary>
public sealed class SerializedSnapshot
{
    private SerializedSnapshot(byte[] json) => Json = json;

    public byte[] Json { get; }

    public static SerializedSnapshot Of(PartitionStateSnapshot snapshot) =>
        new(JsonSerializer.SerializeToUtf8Bytes(snapshot, EngineJsonContext.Default.PartitionStateSnapshot));

    /// <summary>The snapshot itself (a snapshot store that keeps objects, such as the in-memory one, hands this back on recovery).</summary>
    public PartitionStateSnapshot Read() =>
        JsonSerializer.Deserialize(Json, EngineJsonContext.Default.PartitionStateSnapshot)
        ?? throw new JsonException("An empty partition snapshot.");
}
