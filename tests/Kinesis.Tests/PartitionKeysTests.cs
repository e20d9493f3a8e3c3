using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Streams.Kinesis;

namespace Streaming.Kinesis.Tests;

public sealed class PartitionKeysTests
{
    // SHA-256 of the empty input, a published test vector.
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void A_short_text_key_is_used_verbatim() =>
        Assert.Equal("user-42", PartitionKeys.For("user-42"u8.ToArray(), 0, 7, NullKeyMode.PerRecord));

    [Fact]
    public void A_key_of_256_characters_is_verbatim_even_when_it_takes_768_bytes()
    {
        var key = new string('가', 256);
        Assert.Equal(768, Encoding.UTF8.GetByteCount(key));
        Assert.Equal(key, PartitionKeys.For(Encoding.UTF8.GetBytes(key), 0, 0, NullKeyMode.PerRecord));
    }

    [Fact]
    public void A_key_of_257_characters_is_hashed()
    {
        var key = new string('x', 257);
        var expected = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        Assert.Equal(expected, PartitionKeys.For(Encoding.UTF8.GetBytes(key), 0, 0, NullKeyMode.PerRecord));
    }

    [Fact]
    public void An_empty_key_is_hashed_because_Kinesis_needs_at_least_one_character() =>
        Assert.Equal("sha256:" + EmptySha256, PartitionKeys.For([], 3, 9, NullKeyMode.PerRecord));

    [Fact]
    public void A_key_that_is_not_UTF8_is_hashed()
    {
        byte[] key = [0xff, 0xfe, 0x00, 0x41];
        var result = PartitionKeys.For(key, 0, 0, NullKeyMode.PerRecord);
        Assert.StartsWith("sha256:", result, StringComparison.Ordinal);
        Assert.Equal(71, result.Length);
    }

    [Fact]
    public void A_null_key_gets_partition_and_offset_per_record_or_the_partition_per_partition()
    {
        Assert.Equal("2:17", PartitionKeys.For(null, 2, 17, NullKeyMode.PerRecord));
        Assert.Equal("partition-2", PartitionKeys.For(null, 2, 17, NullKeyMode.PerPartition));
    }

    [Property(MaxTest = 300)]
    public Property Any_key_maps_to_1_to_256_characters_and_the_same_key_always_to_the_same_partition_key() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), Gen.Choose(0, 5).ToArbitrary(), ArbMap.Default.ArbFor<int>(), (key, partition, offset) =>
        {
            var a = PartitionKeys.For(key, partition, offset, NullKeyMode.PerRecord);
            var b = PartitionKeys.For(key is null ? null : (byte[])key.Clone(), partition + 1, offset + 1L, NullKeyMode.PerRecord);
            return (a.Length is >= 1 and <= 256).Label("length")
                .And((key is null || a == b).Label("depends on the key bytes only"));
        });

    [Property(MaxTest = 300)]
    public Property Different_keys_get_different_partition_keys() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), ArbMap.Default.ArbFor<NonNull<string>>(), (x, y) =>
        {
            var a = Encoding.UTF8.GetBytes(x.Get);
            var b = Encoding.UTF8.GetBytes(y.Get);
            return (a.AsSpan().SequenceEqual(b) || PartitionKeys.For(a, 0, 0, NullKeyMode.PerRecord) != PartitionKeys.For(b, 0, 0, NullKeyMode.PerRecord))
                .Label("distinct keys stay distinct");
        });
}
