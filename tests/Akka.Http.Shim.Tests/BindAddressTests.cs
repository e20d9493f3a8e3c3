using System.Net;

namespace Akka.Http.Shim.Tests;

public class BindAddressTests
{
    [Theory]
    [InlineData("127.0.0.2", "127.0.0.2")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("[::ffff:10.1.2.3]", "10.1.2.3")]
    public async Task An_ipv4_literal_is_bound_as_written(string hostname, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), await BindAddress.ResolveAsync(hostname));

    [Fact]
    public async Task Localhost_resolves_to_the_ipv4_loopback() =>
        Assert.Equal(IPAddress.Loopback, await BindAddress.ResolveAsync("localhost"));

    [Fact]
    public void The_first_ipv4_candidate_is_chosen_over_ipv6_ones()
    {
        var chosen = BindAddress.Choose([IPAddress.IPv6Loopback, IPAddress.Parse("10.0.0.7"), IPAddress.Parse("10.0.0.8")], "host");
        Assert.Equal(IPAddress.Parse("10.0.0.7"), chosen);
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("[::1]")]
    public async Task An_ipv6_only_hostname_is_refused_saying_why(string hostname)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => BindAddress.ResolveAsync(hostname));
        Assert.Contains("IPv4 only", error.Message, StringComparison.Ordinal);
        Assert.Contains(hostname, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_candidates_is_refused_naming_the_hostname()
    {
        var error = Assert.Throws<ArgumentException>(() => BindAddress.Choose([], "nowhere.invalid"));
        Assert.Contains("nowhere.invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_is_not_taken_for_a_literal() => Assert.Null(BindAddress.ParseLiteral("node-1.cluster.local"));
}
