namespace Streaming.Streams.Cdc;

/// <summary>
/// A condition the connector cannot recover from by retrying: the message is one line that says what is wrong
/// and what to do (a host prints it and exits).
/// </summary>
public sealed class CdcException : Exception
{
    public CdcException()
    {
    }

    public CdcException(string message)
        : base(message)
    {
    }

    public CdcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CdcException(CdcFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Which condition it is.</summary>
    public CdcFailure Failure { get; }
}
