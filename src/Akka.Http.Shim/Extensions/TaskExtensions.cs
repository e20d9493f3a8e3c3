namespace Akka.Http.Extensions;

/// <summary>Continuations on tasks, as Akka.Management uses them.</summary>
public static class TaskExtensions
{
    /// <summary>
    /// A task with <paramref name="selector"/> applied to <paramref name="source"/>'s result; a fault or cancellation of
    /// the source (or an exception of the selector) passes through unchanged.
    /// </summary>
    public static async Task<TResult> Map<TSource, TResult>(this Task<TSource> source, Func<TSource, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(selector);
        return selector(await source.ConfigureAwait(false));
    }
}
