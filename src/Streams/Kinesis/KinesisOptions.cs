namespace Streaming.Streams.Kinesis;

/// <summary>
/// How to reach Kinesis and how hard to try. Bound by the node from configuration section
/// <c>Streaming:Kinesis</c> (environment <c>Streaming__Kinesis__Key</c>).
/// </summary>
public sealed record KinesisOptions
{
    /// <summary>Endpoint of an emulator or a VPC endpoint (<c>http://127.0.0.1:4567</c>); empty uses AWS' public
    /// endpoint of <see cref="Region"/>.</summary>
    public string ServiceUrl { get; init; } = "";

    /// <summary>AWS region: selects the endpoint when <see cref="ServiceUrl"/> is empty and is the signing region always.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Where credentials come from.</summary>
    public KinesisCredentialsSource Credentials { get; init; } = KinesisCredentialsSource.Default;

    /// <summary>Access key id for <see cref="KinesisCredentialsSource.Static"/>.</summary>
    public string AccessKeyId { get; init; } = "";

    /// <summary>Secret key for <see cref="KinesisCredentialsSource.Static"/>.</summary>
    public string SecretAccessKey { get; init; } = "";

    /// <summary>Optional session token for <see cref="KinesisCredentialsSource.Static"/> (temporary credentials).</summary>
    public string SessionToken { get; init; } = "";

    /// <summary>Profile name for <see cref="KinesisCredentialsSource.Profile"/>.</summary>
    public string Profile { get; init; } = "default";

    /// <summary>Timeout of one HTTP request to Kinesis; a request that takes longer counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Limits of one PutRecords request.</summary>
    public BatchLimits Batch { get; init; } = BatchLimits.Default;

    /// <summary>Backoff for records Kinesis did not accept.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>How long <see cref="KinesisAdmin.CreateStreamAsync"/> waits for a new stream to become ACTIVE.</summary>
    public TimeSpan CreateStreamTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Interval of DescribeStreamSummary polls while a created stream is CREATING.</summary>
    public TimeSpan StreamStatusPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public static KinesisOptions Default { get; } = new();

    /// <summary>Options for an emulator at <paramref name="serviceUrl"/> with dummy static credentials.</summary>
    public static KinesisOptions ForEmulator(string serviceUrl) => new()
    {
        ServiceUrl = serviceUrl,
        Credentials = KinesisCredentialsSource.Static,
        AccessKeyId = "emulator",
        SecretAccessKey = "emulator",
        StreamStatusPollInterval = TimeSpan.FromMilliseconds(50),
    };

    public KinesisOptions Validate()
    {
        if (ServiceUrl.Length > 0 && (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            throw new ArgumentException($"ServiceUrl '{ServiceUrl}' is not an absolute http(s) URL; leave it empty for AWS.", nameof(ServiceUrl));
        ArgumentException.ThrowIfNullOrWhiteSpace(Region, nameof(Region));
        if (!Enum.IsDefined(Credentials)) throw new ArgumentOutOfRangeException(nameof(Credentials), Credentials, "Unknown credentials source.");
        if (Credentials == KinesisCredentialsSource.Static && (string.IsNullOrEmpty(AccessKeyId) || string.IsNullOrEmpty(SecretAccessKey)))
            throw new ArgumentException("Credentials = Static needs AccessKeyId and SecretAccessKey.", nameof(Credentials));
        if (Credentials == KinesisCredentialsSource.Profile) ArgumentException.ThrowIfNullOrWhiteSpace(Profile, nameof(Profile));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CreateStreamTimeout, TimeSpan.Zero, nameof(CreateStreamTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StreamStatusPollInterval, TimeSpan.Zero, nameof(StreamStatusPollInterval));
        ArgumentNullException.ThrowIfNull(Batch, nameof(Batch));
        ArgumentNullException.ThrowIfNull(Retry, nameof(Retry));
        Batch.Validate();
        Retry.Validate();
        return this;
    }
}
