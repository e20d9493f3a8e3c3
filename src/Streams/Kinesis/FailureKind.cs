namespace Streaming.Streams.Kinesis;

/// <summary>What the forwarder does with a record (or a whole request) Kinesis did not accept.</summary>
public enum FailureKind
{
    /// <summary>Throttling, an internal failure, a timeout, an unreachable endpoint: send again after a backoff.</summary>
    Retryable,

    /// <summary>Kinesis refused this one record as invalid: report it as a poison record and go on.</summary>
    Poison,

    /// <summary>Nothing will succeed until someone acts (stream missing, access denied): the forwarding fails.</summary>
    Fatal,
}
