namespace Streaming.Engine.Processing;

/// <summary>A partition processor cannot go on (entity lost state, fenced, timeout): the pipeline restarts from the last checkpoint.</summary>
public sealed class PartitionFailureException(string message) : Exception(message);
