using Akka.Http.Extensions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Akka.Http.Shim.Tests;

public class ExtensionsTests
{
    [Property(MaxTest = 300)]
    public bool Shuffle_returns_the_same_list_holding_the_same_elements(int[] items)
    {
        var list = items.ToList();
        var shuffled = list.Shuffle();
        return ReferenceEquals(list, shuffled) && shuffled.Order().SequenceEqual(items.Order());
    }

    [Fact]
    public void Shuffle_produces_every_order_of_a_small_list()
    {
        // 3! = 6 orders; drawing until all six were seen fails only if some order is unreachable.
        var seen = new HashSet<string>();
        for (var draw = 0; draw < 10_000 && seen.Count < 6; draw++)
            seen.Add(string.Concat(new List<char> { 'a', 'b', 'c' }.Shuffle()));
        Assert.Equal(6, seen.Count);
    }

    [Property(MaxTest = 300)]
    public Property WithPort_replaces_only_the_port() =>
        Prop.ForAll(
            (from port in Gen.Choose(1, 65535)
             from host in Gen.Elements("127.0.0.2", "node-1.cluster.local", "[::1]")
             from path in Gen.Elements("/", "/base/", "/a/b?x=1")
             select (port, uri: new Uri($"http://{host}:8558{path}"))).ToArbitrary(),
            c =>
            {
                var changed = c.uri.WithPort(c.port);
                return changed.Port == c.port && changed.Host == c.uri.Host && changed.Scheme == c.uri.Scheme
                       && changed.PathAndQuery == c.uri.PathAndQuery;
            });

    [Fact]
    public async Task Map_applies_the_selector_to_the_result() =>
        Assert.Equal("42", await Task.FromResult(42).Map(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Map_passes_a_fault_through_unwrapped()
    {
        var called = false;
        var mapped = Task.FromException<int>(new TimeoutException("source failed")).Map(n => called = true);
        var error = await Assert.ThrowsAsync<TimeoutException>(() => mapped);
        Assert.Equal("source failed", error.Message);
        Assert.False(called);
    }

    [Fact]
    public async Task Map_passes_a_cancellation_through() =>
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.FromCanceled<int>(new CancellationToken(true)).Map(n => n));
}
