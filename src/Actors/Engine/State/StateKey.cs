namespace Streaming.Engine.State;

/// <summary>A key's state in the backend: its partition (<c>{topic}-{partition}</c>), the function's kind, the key.</summary>
public readonly record struct StateKey(string PartitionId, string Kind, string Key);
