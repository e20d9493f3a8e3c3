using System.Net;
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
    public static RunningServer Start(IPEndPoint endpoint, ServerConfig config)
    {
        var stop = new CancellationTokenSource();
        var listener = HttpServer.ListenAsync(endpoint, false, config, stop.Token);
        // Ceen binds the socket before its first await, so a failed bind has already faulted the task here;
        // a bind that fails later cannot happen, which is what makes this check sufficient.
        if (listener.IsFaulted)
        {
            stop.Dispose();
            var cause = listener.Exception!.GetBaseException();
            throw new InvalidOperationException($"Could not bind the HTTP server to {endpoint}: {cause.Message}", cause);
        }
        return new RunningServer(stop, listener);
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
        var finished = await Task.WhenAny(_listener, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false) == _listener;
        if (!finished) return false;
        Dispose();
        // A listener that failed while serving surfaces here rather than being dropped.
        await _listener.ConfigureAwait(false);
        return true;
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
}
