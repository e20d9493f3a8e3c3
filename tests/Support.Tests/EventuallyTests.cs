using Streaming.TestSupport;

namespace Streaming.Support.Tests;

public sealed class EventuallyTests
{
    [Fact]
    public async Task Until_returns_once_the_condition_holds()
    {
        var calls = 0;
        await Eventually.Until(() => ++calls >= 3, TimeSpan.FromSeconds(30), "the third call", TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Until_async_treats_exceptions_as_not_yet()
    {
        var calls = 0;
        await Eventually.Until(async () =>
        {
            await Task.Yield();
            if (++calls < 3) throw new InvalidOperationException("not ready");
            return true;
        }, TimeSpan.FromSeconds(30), "ready", TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_condition_that_never_holds_times_out_naming_what_was_awaited()
    {
        var ex = await Assert.ThrowsAsync<TimeoutException>(() =>
            Eventually.Until(() => false, TimeSpan.FromMilliseconds(50), "the moon turns blue", TimeSpan.FromMilliseconds(5)));
        Assert.Contains("the moon turns blue", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timeout_carries_the_last_exception()
    {
        var ex = await Assert.ThrowsAsync<TimeoutException>(() =>
            Eventually.Until(new Func<bool>(() => throw new InvalidOperationException("broker down")), TimeSpan.FromMilliseconds(50), "the broker answers"));
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Contains("broker down", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Value_returns_the_first_result_that_satisfies_the_check()
    {
        var n = 0;
        var value = await Eventually.Value(() => ++n, v => v >= 4, TimeSpan.FromSeconds(30), "four", TimeSpan.FromMilliseconds(1));
        Assert.Equal(4, value);
    }
}
