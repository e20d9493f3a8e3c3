namespace Streaming.Nodes;

/// <summary>The node cannot start as configured; the message is the one line printed before it exits with code 2.</summary>
public sealed class StartupException : Exception
{
    public StartupException(string message) : base(message)
    {
    }

    public StartupException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public StartupException()
    {
    }
}
