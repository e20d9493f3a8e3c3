namespace Streaming.Streams.Kinesis;

/// <summary>Lifecycle of a forwarding.</summary>
public enum ForwarderState
{
    /// <summary>Joining the consumer group.</summary>
    Starting,

    /// <summary>Forwarding; every record sent so far was accepted or is in flight.</summary>
    Running,

    /// <summary>Records wait for a retry (throttling, Kinesis unreachable); the status' reason says why.</summary>
    Retrying,

    /// <summary>Stopped by an error that needs someone to act (reason given); offsets are committed up to the first unaccepted record.</summary>
    Failed,

    /// <summary>Stopped on request.</summary>
    Stopped,
}
