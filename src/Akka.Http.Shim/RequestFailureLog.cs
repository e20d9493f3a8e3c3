using Akka.Event;
using Ceen;

namespace Akka.Http;

/// <summary>Ceen request logger that reports failed requests to the actor system's log; Ceen itself only answers them with 500.</summary>
internal sealed class RequestFailureLog(ILoggingAdapter log)
{
    /// <summary>Matches Ceen's <c>LogDelegate</c>; called once per finished request.</summary>
    public Task LogAsync(IHttpContext context, Exception? exception, DateTime started, TimeSpan duration)
    {
        if (exception is not null)
            log.Warning(exception, "HTTP {0} {1} failed after {2} ms", context?.Request?.Method, context?.Request?.Path, (long)duration.TotalMilliseconds);
        return Task.CompletedTask;
    }
}
