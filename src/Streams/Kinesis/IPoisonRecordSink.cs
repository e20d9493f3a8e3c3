namespace Streaming.Streams.Kinesis;

/// <summary>Where poison records are reported. The forwarder commits past a poison record only after
/// <see cref="ReportAsync"/> completed; an exception is retried like a throttled send.</summary>
public interface IPoisonRecordSink
{
    Task ReportAsync(PoisonRecord record, CancellationToken ct);
}
