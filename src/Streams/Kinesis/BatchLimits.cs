namespace Streaming.Streams.Kinesis;

/// <summary>
/// Limits of one PutRecords request. The defaults are Kinesis' own service limits; lower them to
/// match a stream configured with a smaller maximum record size, or for tests.
/// </summary>
public sealed record BatchLimits
{
    /// <summary>Kinesis' cap on records per PutRecords request.</summary>
    public const int KinesisMaxRecords = 500;

    /// <summary>Kinesis' cap on one request: data plus partition keys of all its records.</summary>
    public const int KinesisMaxRequestBytes = 5 * 1024 * 1024;

    /// <summary>Kinesis' default cap on one record: its data plus its partition key.</summary>
    public const int KinesisMaxRecordBytes = 1024 * 1024;

    /// <summary>Most records in one request.</summary>
    public int MaxRecords { get; init; } = KinesisMaxRecords;

    /// <summary>Most bytes (data plus UTF-8 partition keys) in one request.</summary>
    public int MaxRequestBytes { get; init; } = KinesisMaxRequestBytes;

    /// <summary>Largest record (data plus UTF-8 partition key). A Kafka record whose envelope exceeds it is a
    /// poison record: reported and skipped, never sent.</summary>
    public int MaxRecordBytes { get; init; } = KinesisMaxRecordBytes;

    public static BatchLimits Default { get; } = new();

    public BatchLimits Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecords, 1, nameof(MaxRecords));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRecords, KinesisMaxRecords, nameof(MaxRecords));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordBytes, 1, nameof(MaxRecordBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBytes, MaxRecordBytes, nameof(MaxRequestBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRequestBytes, KinesisMaxRequestBytes, nameof(MaxRequestBytes));
        return this;
    }
}
