using System.Net;
using Amazon.Kinesis;
using Amazon.Kinesis.Model;
using Amazon.Runtime;
using Streaming.Streams.Kinesis;

namespace Streaming.Kinesis.Tests;

public sealed class FailureClassifierTests
{
    [Theory]
    [InlineData("ProvisionedThroughputExceededException", FailureKind.Retryable)]
    [InlineData("InternalFailure", FailureKind.Retryable)]
    [InlineData("KMSThrottlingException", FailureKind.Retryable)]
    [InlineData("InvalidArgumentException", FailureKind.Poison)]
    public void Per_record_errors(string code, FailureKind kind) => Assert.Equal(kind, FailureClassifier.ForRecordError(code));

    [Fact]
    public void Throttling_server_errors_and_network_failures_are_retried()
    {
        Assert.Equal(FailureKind.Retryable, FailureClassifier.ForException(new ProvisionedThroughputExceededException("slow down") { ErrorCode = "ProvisionedThroughputExceededException", StatusCode = HttpStatusCode.BadRequest }).Kind);
        Assert.Equal(FailureKind.Retryable, FailureClassifier.ForException(new AmazonKinesisException("limit") { ErrorCode = "LimitExceededException", StatusCode = HttpStatusCode.BadRequest }).Kind);
        Assert.Equal(FailureKind.Retryable, FailureClassifier.ForException(new AmazonKinesisException("boom") { StatusCode = HttpStatusCode.ServiceUnavailable }).Kind);
        Assert.Equal(FailureKind.Retryable, FailureClassifier.ForException(new HttpRequestException("Connection refused")).Kind);
        Assert.Equal(FailureKind.Retryable, FailureClassifier.ForException(new TaskCanceledException("timeout")).Kind);
    }

    [Fact]
    public void A_missing_stream_and_other_client_errors_fail_the_forwarding()
    {
        var (kind, reason) = FailureClassifier.ForException(new ResourceNotFoundException("Stream x not found") { StatusCode = HttpStatusCode.BadRequest });
        Assert.Equal(FailureKind.Fatal, kind);
        Assert.Contains("stream not found", reason, StringComparison.Ordinal);
        Assert.Equal(FailureKind.Fatal, FailureClassifier.ForException(new AmazonKinesisException("denied") { ErrorCode = "AccessDeniedException", StatusCode = HttpStatusCode.Forbidden }).Kind);
    }
}
