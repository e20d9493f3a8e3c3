namespace Streaming.Ctl.Output;

/// <summary>
/// A spinner and a message on one line of standard error while the node works (a state reset, a tail before its first
/// event), erased when done — only where a person watches, never into a redirected file. Disposing it twice is fine.
/// </summary>
internal sealed class Progress : IAsyncDisposable
{
    private const string Frames = "|/-\\";

    private readonly TextWriter error;
    private readonly string message;
    private readonly CancellationTokenSource stop = new();
    private readonly Task spinning;
    private int disposed;

    private Progress(TextWriter error, string message)
    {
        this.error = error;
        this.message = message;
        spinning = SpinAsync(stop.Token);
    }

    /// <summary>Shows <paramref name="message"/> when <paramref name="show"/>; otherwise a progress that draws nothing.</summary>
    public static IAsyncDisposable Start(TextWriter error, bool show, string message) => show ? new Progress(error, message) : Nothing.Instance;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        await stop.CancelAsync();
        await spinning;
        stop.Dispose();
        await error.WriteAsync("\r" + new string(' ', message.Length + 2) + "\r");
        await error.FlushAsync();
    }

    private async Task SpinAsync(CancellationToken token)
    {
        try
        {
            for (var frame = 0; ; frame++)
            {
                await error.WriteAsync($"\r{Frames[frame % Frames.Length]} {message}");
                await error.FlushAsync(token);
                await Task.Delay(TimeSpan.FromMilliseconds(120), token);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the work is done.
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static Nothing Instance { get; } = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
