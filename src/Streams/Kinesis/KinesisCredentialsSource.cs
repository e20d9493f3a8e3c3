namespace Streaming.Streams.Kinesis;

/// <summary>Where the Kinesis client takes its AWS credentials from.</summary>
public enum KinesisCredentialsSource
{
    /// <summary>The AWS SDK's default chain: environment (<c>AWS_ACCESS_KEY_ID</c>…), shared profile,
    /// web identity (EKS), container or instance metadata.</summary>
    Default,

    /// <summary><see cref="KinesisOptions.AccessKeyId"/>, <see cref="KinesisOptions.SecretAccessKey"/> and
    /// optionally <see cref="KinesisOptions.SessionToken"/>. Emulators accept any non-empty pair.</summary>
    Static,

    /// <summary>The named profile <see cref="KinesisOptions.Profile"/> of the shared AWS config/credentials files.</summary>
    Profile,
}
