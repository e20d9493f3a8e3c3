namespace Streaming.TestSupport;

/// <summary>
/// Polls a condition until it holds. The timeout is a liveness bound (how long before the test
/// gives up), not a timed assertion. An exception thrown by the condition counts as "not yet";
/// the last one becomes the inner exception of the <see cref="TimeoutException"/>.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    public static Task Until(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? interval = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Until(() => Task.FromResult(condition()), timeout, what, interval, ct);
    }

    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await Value(condition, static ok => ok, timeout, what, interval, ct).ConfigureAwait(false);
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds for its result and returns that result.</summary>
    public static Task<T> Value<T>(Func<T> probe, Func<T, bool> done, TimeSpan timeout, string what, TimeSpan? interval = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return Value(() => Task.FromResult(probe()), done, timeout, what, interval, ct);
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds for its result and returns that result.</summary>
    public static async Task<T> Value<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, TimeSpan? interval = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        var pause = interval ?? DefaultInterval;
        var deadline = DateTime.UtcNow + timeout;
        Exception? lastError = null;
        var lastValue = default(T);
        var hasValue = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var value = await probe().ConfigureAwait(false);
                if (done(value)) return value;
                lastValue = value;
                hasValue = true;
                lastError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                lastError = ex;
            }
            if (DateTime.UtcNow >= deadline)
            {
                var detail = lastError is not null
                    ? $"; last attempt threw {lastError.GetType().Name}: {lastError.Message}"
                    : hasValue && lastValue is not bool ? $"; last value: {lastValue}" : "";
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0.###} s waiting until {what}{detail}", lastError);
            }
            var remaining = deadline - DateTime.UtcNow;
            await Task.Delay(remaining < pause ? (remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) : pause, ct).ConfigureAwait(false);
        }
    }
}
