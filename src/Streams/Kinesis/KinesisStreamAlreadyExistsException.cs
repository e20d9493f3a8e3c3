namespace Streaming.Streams.Kinesis;

/// <summary>A stream of that name already exists (Kinesis' ResourceInUseException on CreateStream).</summary>
public sealed class KinesisStreamAlreadyExistsException : Exception
{
    public KinesisStreamAlreadyExistsException() : base("The Kinesis stream already exists.") { }

    public KinesisStreamAlreadyExistsException(string message) : base(message) { }

    public KinesisStreamAlreadyExistsException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The stream's name, when known.</summary>
    public string? StreamName { get; init; }

    internal static KinesisStreamAlreadyExistsException For(string stream, Exception inner) =>
        new($"Kinesis stream '{stream}' already exists (or is being deleted).", inner) { StreamName = stream };
}
