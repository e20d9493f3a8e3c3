using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Streaming.Api.Http;

namespace Streaming.Api.Tests;

/// <summary>API keys are configured as hashes; a request's key is hashed and compared. Expected hashes come from coreutils' sha256sum.</summary>
public sealed class ApiKeyTests
{
    // printf %s s3cret | sha256sum
    private const string S3cret = "sha256:1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0";
    // printf %s other-key | sha256sum
    private const string OtherKey = "sha256:580843d03d2216ff1a275d0991bad66e4d1af871171d929e9de604b7959f9bca";

    [Theory]
    [InlineData("s3cret", S3cret)]
    [InlineData("other-key", OtherKey)]
    // The key's UTF-8 bytes are hashed, not UTF-16: printf %s ключ | sha256sum
    [InlineData("ключ", "sha256:1de36a32af798da0c1ac9297603a320ed8fe567cf21c9177112a4ce914ebb8be")]
    public void The_hash_of_a_key_is_sha256_of_its_utf8_bytes_in_lowercase_hex(string key, string expected) =>
        Assert.Equal(expected, ApiKeyHash.Of(key));

    [Theory]
    [InlineData("sha256:1EC1C26B50D5D3C58D9583181AF8076655FE00756BF7285940BA3670F99FCBA0")]
    [InlineData("  sha256:1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0 ")]
    public void Uppercase_hex_and_surrounding_blanks_name_the_same_digest(string configured) =>
        Assert.Equal(ApiKeyHash.Parse(S3cret), ApiKeyHash.Parse(configured));

    [Theory]
    [InlineData("s3cret")]
    [InlineData("1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0")]
    [InlineData("sha1:1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0")]
    [InlineData("sha256:1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba")]
    [InlineData("sha256:1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba00")]
    [InlineData("sha256:xec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0")]
    [InlineData("sha256:")]
    public void Anything_but_sha256_and_64_hex_digits_is_not_a_hash(string configured) =>
        Assert.Null(ApiKeyHash.Parse(configured));

    [Fact]
    public void Without_configured_hashes_every_request_passes()
    {
        var keys = new ApiKeys([]);
        Assert.True(keys.Open);
        Assert.Equal(ApiKeyVerdict.Open, keys.Check(null));
        Assert.Equal(ApiKeyVerdict.Open, keys.Check("anything"));
    }

    [Fact]
    public void A_key_is_accepted_when_its_hash_is_any_of_the_configured_ones()
    {
        var keys = new ApiKeys([OtherKey, S3cret]);
        Assert.False(keys.Open);
        Assert.Equal(ApiKeyVerdict.Accepted, keys.Check("s3cret"));
        Assert.Equal(ApiKeyVerdict.Accepted, keys.Check("other-key"));
    }

    [Theory]
    [InlineData(null, ApiKeyVerdict.Missing)]
    [InlineData("", ApiKeyVerdict.Missing)]
    [InlineData("S3cret", ApiKeyVerdict.Unknown)]
    [InlineData("s3cret ", ApiKeyVerdict.Unknown)]
    // The hash itself is not the key: a leaked configuration opens nothing.
    [InlineData(S3cret, ApiKeyVerdict.Unknown)]
    public void No_key_is_missing_and_any_other_key_unknown(string? given, ApiKeyVerdict expected) =>
        Assert.Equal(expected, new ApiKeys([S3cret]).Check(given));

    [Fact]
    public void A_malformed_configured_hash_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ApiKeys([S3cret, "s3cret"]));

    private static IConfiguration Gateway(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create("Streaming:Gateway:" + s.Key, (string?)s.Value)))
            .Build().GetSection("Streaming:Gateway");

    [Fact]
    public void The_setting_is_a_list_or_one_comma_separated_value()
    {
        var listed = ApiKeys.From(Gateway(("ApiKeys:0", S3cret), ("ApiKeys:1", OtherKey)));
        var joined = ApiKeys.From(Gateway(("ApiKeys", $"{S3cret}, {OtherKey}")));
        foreach (var keys in new[] { listed, joined })
        {
            Assert.Equal(ApiKeyVerdict.Accepted, keys.Check("s3cret"));
            Assert.Equal(ApiKeyVerdict.Accepted, keys.Check("other-key"));
            Assert.Equal(ApiKeyVerdict.Unknown, keys.Check("third"));
        }
        Assert.True(ApiKeys.From(Gateway()).Open);
    }

    [Fact]
    public void A_malformed_hash_stops_the_node_without_repeating_what_was_configured()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ApiKeys.From(Gateway(("ApiKeys:0", S3cret), ("ApiKeys:1", "my-plain-key"))));
        var message = string.Join("; ", failure.Failures);
        Assert.Contains("Streaming:Gateway:ApiKeys: hash 1 is not 'sha256:'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("my-plain-key", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_former_plain_key_setting_stops_the_node_rather_than_leave_the_endpoints_open()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ApiKeys.From(Gateway(("ApiKey", "change-me"))));
        var message = string.Join("; ", failure.Failures);
        Assert.Contains("Streaming:Gateway:ApiKey is no longer read", message, StringComparison.Ordinal);
        Assert.DoesNotContain("change-me", message, StringComparison.Ordinal);
    }
}
