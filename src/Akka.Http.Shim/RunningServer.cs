using System.Net;
using Akka.Event;
using Ceen.Httpd;

namespace Akka.Http;

/// <summary>One Ceen listener and the token that stops it.</summary>
internal sealed class RunningServer : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _listener;
    private readonly Lock _gate = new();
    private bool _disposed;

    private RunningServer(CancellationTokenSource stop, Task listener)
    {
        _stop = stop;
        _listener = listener;
    }

    /// <summary>Binds <paramref name="endpoint"/> and starts accepting; throws when the address cannot be bound.</summary>
    public static RunningServer Start(IPEndPoint endpoint, ServerConfig config, ILoggingAdapter log)
    {
        var stop = new CancellationTokenSource();
        var listener = HttpServer.ListenAsync(endpoint, false, config, stop.Token);
        // Ceen binds the socket before its first await, so a failed bind has already faulted the task here.
        if (listener.IsFaulted)
        {
            stop.Dispose();
            var cause = listener.Exception!.GetBaseException();
            throw new InvalidOperationException($"Could not bind the HTTP server to {endpoint}: {cause.Message}", cause);
        }
        var server = new RunningServer(stop, listener);
        _ = listener.ContinueWith(ended => server.OnListenerEnded(ended, endpoint, log), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return server;
    }

    /// <summary>Stops accepting connections; requests in flight go on.</summary>
    public Task Unbind()
    {
        lock (_gate)
        {
            return _disposed ? Task.CompletedTask : _stop.CancelAsync();
        }
    }

    /// <summary>Stops accepting and waits up to <paramref name="deadline"/> for requests in flight; true when all finished.</summary>
    public async Task<bool> TerminateAsync(TimeSpan deadline)
    {
        await Unbind().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(deadline);
        var ended = await Task.WhenAny(_listener, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
        return ended == _listener;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _stop.Dispose();
        }
    }

    // A listener that ends on its own stops serving without anyone asking for it: that must reach the log.
    private void OnListenerEnded(Task ended, IPEndPoint endpoint, ILoggingAdapter log)
    {
        if (ended.IsFaulted)
            log.Error(ended.Exception!.GetBaseException(), "HTTP server on {0} failed and no longer accepts connections", endpoint);
        else if (!_stop.IsCancellationRequested)
            log.Error("HTTP server on {0} stopped accepting connections without being asked to", endpoint);
        Dispose();
    }
}
