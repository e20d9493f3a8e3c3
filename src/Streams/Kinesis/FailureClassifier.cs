using System.Net.Sockets;
using Amazon.Kinesis.Model;
using Amazon.Runtime;

namespace Streaming.Streams.Kinesis;

/// <summary>Sorts Kinesis errors into <see cref="FailureKind"/>s.</summary>
public static class FailureClassifier
{
    // Error codes AWS documents (or emulators and proxies return) for throttling and server trouble.
    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        "ProvisionedThroughputExceededException", "LimitExceededException", "ThrottlingException", "Throttling",
        "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException", "KMSThrottlingException",
        "InternalFailure", "InternalFailureException", "InternalServerError", "InternalError", "ServiceUnavailable",
        "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException",
    };

    /// <summary>The kind of a per-record <c>ErrorCode</c> in a PutRecords answer: invalid records are poison,
    /// everything else (throttling, internal failures, KMS trouble that may pass) is retried.</summary>
    public static FailureKind ForRecordError(string errorCode) =>
        string.Equals(errorCode, "InvalidArgumentException", StringComparison.Ordinal) || string.Equals(errorCode, "ValidationException", StringComparison.Ordinal)
            ? FailureKind.Poison
            : FailureKind.Retryable;

    /// <summary>The kind of an exception thrown by a whole PutRecords call, with a one-line reason for the status.</summary>
    public static (FailureKind Kind, string Reason) ForException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ResourceNotFoundException e => (FailureKind.Fatal, "stream not found: " + e.Message),
            AmazonServiceException { ErrorCode: { } code } e when RetryableCodes.Contains(code) => (FailureKind.Retryable, $"{code}: {e.Message}"),
            // A status of 0 means no HTTP answer at all (connection refused or reset): the network, not the request.
            AmazonServiceException { StatusCode: >= (System.Net.HttpStatusCode)500 or 0 } e => (FailureKind.Retryable, Describe(e)),
            AmazonServiceException { StatusCode: >= (System.Net.HttpStatusCode)400 } e => (FailureKind.Fatal, Describe(e)),
            AmazonServiceException e when IsNetwork(e.InnerException) => (FailureKind.Retryable, Describe(e)),
            AmazonServiceException e => (FailureKind.Retryable, Describe(e)),
            _ when IsNetwork(exception) => (FailureKind.Retryable, $"{exception.GetType().Name}: {exception.Message}"),
            AmazonClientException e => (FailureKind.Retryable, $"{e.GetType().Name}: {e.Message}"),
            _ => (FailureKind.Fatal, $"{exception.GetType().Name}: {exception.Message}"),
        };
    }

    private static string Describe(AmazonServiceException e) =>
        $"{e.ErrorCode ?? e.GetType().Name} (HTTP {(int)e.StatusCode}): {e.Message}";

    private static bool IsNetwork(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is HttpRequestException or SocketException or IOException or TimeoutException or TaskCanceledException) return true;
        return false;
    }
}
