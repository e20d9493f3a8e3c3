using Amazon;
using Amazon.Kinesis;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace Streaming.Streams.Kinesis;

/// <summary>Builds AWS SDK Kinesis clients from <see cref="KinesisOptions"/>.</summary>
public static class KinesisClientFactory
{
    /// <summary>
    /// A client for <paramref name="options"/>. <paramref name="sdkRetries"/> is the SDK's own retry count:
    /// the forwarder passes 0 because it retries by <see cref="KinesisOptions.Retry"/> itself (and reports it);
    /// admin calls keep the SDK's retries for throttled control-plane calls.
    /// </summary>
    public static IAmazonKinesis Create(KinesisOptions options, int sdkRetries = 3)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(sdkRetries);
        var config = new AmazonKinesisConfig
        {
            MaxErrorRetry = sdkRetries,
            Timeout = options.RequestTimeout,
        };
        if (options.ServiceUrl.Length > 0)
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        return options.Credentials switch
        {
            KinesisCredentialsSource.Static => new AmazonKinesisClient(StaticCredentials(options), config),
            KinesisCredentialsSource.Profile => new AmazonKinesisClient(ProfileCredentials(options.Profile), config),
            _ => new AmazonKinesisClient(config),
        };
    }

    private static AWSCredentials StaticCredentials(KinesisOptions options) =>
        options.SessionToken.Length > 0
            ? new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken)
            : new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey);

    private static AWSCredentials ProfileCredentials(string profile) =>
        new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var credentials)
            ? credentials
            : throw new ArgumentException($"AWS profile '{profile}' was not found in the shared config/credentials files.", nameof(profile));
}
