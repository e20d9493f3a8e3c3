using System.Net;
using Akka.Actor;

namespace Akka.Http.Dsl;

/// <summary>A bound HTTP server: where it listens, and how to stop it.</summary>
public class ServerBinding
{
    private readonly Func<Task> _unbindAction;
    private readonly Func<TimeSpan, Task<HttpTerminated>> _terminateAction;
    private readonly TaskCompletionSource<TimeSpan> _whenTerminationSignalIssued = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<HttpTerminated> _whenTerminated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A binding whose only way to stop is <paramref name="terminateAction"/> (given the hard deadline); unbinding alone does nothing.</summary>
    public ServerBinding(EndPoint localAddress, Func<TimeSpan, Task<HttpTerminated>> terminateAction)
        : this(localAddress, () => Task.CompletedTask, terminateAction)
    {
    }

    internal ServerBinding(EndPoint localAddress, Func<Task> unbindAction, Func<TimeSpan, Task<HttpTerminated>> terminateAction)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentNullException.ThrowIfNull(unbindAction);
        ArgumentNullException.ThrowIfNull(terminateAction);
        LocalAddress = localAddress;
        _unbindAction = unbindAction;
        _terminateAction = terminateAction;
    }

    /// <summary>The address and port the server listens on (the real port when port 0 was asked for).</summary>
    public EndPoint LocalAddress { get; }

    /// <summary>Completes with the hard deadline once <see cref="Terminate"/> has been called.</summary>
    public Task<TimeSpan> WhenTerminationSignalIssued => _whenTerminationSignalIssued.Task;

    /// <summary>Completes when the termination started by <see cref="Terminate"/> has finished.</summary>
    public Task<HttpTerminated> WhenTerminated => _whenTerminated.Task;

    /// <summary>Stops accepting new connections; requests in flight go on.</summary>
    public async Task<Done> Unbind()
    {
        await _unbindAction().ConfigureAwait(false);
        return Done.Instance;
    }

    /// <summary>
    /// Stops accepting connections and waits up to <paramref name="hardDeadline"/> for requests in flight.
    /// Calling it again returns the outcome of the first call.
    /// </summary>
    public async Task<HttpTerminated> Terminate(TimeSpan hardDeadline)
    {
        if (!_whenTerminationSignalIssued.TrySetResult(hardDeadline)) return await WhenTerminated.ConfigureAwait(false);
        try
        {
            await _unbindAction().ConfigureAwait(false);
            _whenTerminated.TrySetResult(await _terminateAction(hardDeadline).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            _whenTerminated.TrySetException(e);
        }
        return await WhenTerminated.ConfigureAwait(false);
    }

    /// <summary>
    /// Unbinds in coordinated shutdown's <c>service-unbind</c> phase and terminates with
    /// <paramref name="hardTerminationDeadline"/> in <c>service-requests-done</c>.
    /// </summary>
    public ServerBinding AddToCoordinatedShutdown(TimeSpan hardTerminationDeadline, ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, $"http-unbind-{LocalAddress}", Unbind);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, $"http-terminate-{LocalAddress}", async () =>
        {
            await Terminate(hardTerminationDeadline).ConfigureAwait(false);
            return Done.Instance;
        });
        return this;
    }
}
