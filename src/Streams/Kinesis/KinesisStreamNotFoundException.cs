namespace Streaming.Streams.Kinesis;

/// <summary>The named Kinesis stream does not exist (Kinesis' ResourceNotFoundException).</summary>
public sealed class KinesisStreamNotFoundException : Exception
{
    public KinesisStreamNotFoundException() : base("The Kinesis stream was not found.") { }

    public KinesisStreamNotFoundException(string message) : base(message) { }

    public KinesisStreamNotFoundException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The stream's name, when known.</summary>
    public string? StreamName { get; init; }

    internal static KinesisStreamNotFoundException For(string stream, Exception inner) =>
        new($"Kinesis stream '{stream}' does not exist.", inner) { StreamName = stream };
}
