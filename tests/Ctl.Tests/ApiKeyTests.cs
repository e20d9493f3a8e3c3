using System.Buffers.Text;
using System.Text.Json;

namespace Streaming.Ctl.Tests;

public sealed class ApiKeyTests
{
    [Theory]
    [InlineData("abc", "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")] // FIPS 180-2 test vector
    [InlineData("", "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("é", "sha256:4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c")] // UTF-8 C3 A9, not Latin-1 E9
    public void A_key_hashes_to_sha256_and_the_lowercase_hex_of_its_utf8_bytes(string key, string hash) =>
        Assert.Equal(hash, ApiKeyHash.Of(key));

    [Fact]
    public void A_new_key_is_32_random_bytes_in_base64url_without_padding()
    {
        var keys = Enumerable.Range(0, 20).Select(_ => ApiKeyHash.NewKey()).ToList();
        foreach (var key in keys)
        {
            Assert.Equal(43, key.Length);
            Assert.Matches("^[A-Za-z0-9_-]+$", key);
            Assert.Equal(32, Base64Url.DecodeFromChars(key).Length);
        }
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void A_key_matches_a_list_that_holds_its_hash_in_either_hex_case_and_no_other_list()
    {
        var hash = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        Assert.True(ApiKeyHash.Matches("abc", ["sha256:0000", hash]));
        Assert.True(ApiKeyHash.Matches("abc", [hash.ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal)]));
        Assert.False(ApiKeyHash.Matches("abd", [hash]));
        Assert.False(ApiKeyHash.Matches("abc", []));
        Assert.False(ApiKeyHash.Matches("abc", ["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"]));
    }

    [Fact]
    public async Task Apikey_hash_prints_only_the_hash()
    {
        var run = await Run.Of("apikey", "hash", "abc");
        Assert.Equal(0, run.Code);
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n", run.Out);
        Assert.Equal("", run.Err);
    }

    [Fact]
    public async Task Apikey_new_prints_a_key_its_hash_and_the_gateway_setting_that_uses_it()
    {
        var run = await Run.Of("apikey", "new");
        Assert.Equal(0, run.Code);
        var lines = run.Out.Split('\n');
        var key = Assert.Single(lines, l => l.StartsWith("key ", StringComparison.Ordinal))["key".Length..].Trim();
        var hash = Assert.Single(lines, l => l.StartsWith("hash ", StringComparison.Ordinal))["hash".Length..].Trim();
        Assert.Equal(ApiKeyHash.Of(key), hash);
        Assert.Contains("Streaming__Gateway__ApiKeys__0=" + hash, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_json_apikey_new_and_hash_print_one_document()
    {
        using var made = JsonDocument.Parse((await Run.Of("apikey", "new", "--json")).Out);
        var key = made.RootElement.GetProperty("key").GetString()!;
        Assert.Equal(ApiKeyHash.Of(key), made.RootElement.GetProperty("hash").GetString());
        using var hashed = JsonDocument.Parse((await Run.Of("apikey", "hash", "abc", "--json")).Out);
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hashed.RootElement.GetProperty("hash").GetString());
    }

    [Fact]
    public async Task Apikey_needs_no_node_and_ignores_a_bad_url()
    {
        var run = await Run.With(Run.Host(("STREAMING_URL", "not a url")), ["apikey", "hash", "abc", "--url", "ftp://nowhere"]);
        Assert.Equal(0, run.Code);
        Assert.StartsWith("sha256:", run.Out, StringComparison.Ordinal);
    }
}
