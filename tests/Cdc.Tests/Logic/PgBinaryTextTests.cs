using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Streaming.Streams.Cdc.Tests.Logic;

public sealed class PgBinaryTextTests
{
    [Property(MaxTest = 500)]
    public Property Bits_are_the_little_endian_bytes_of_the_binary_number() =>
        Prop.ForAll(Gen.Elements('0', '1').ListOf().Where(l => l.Count > 0).ToArbitrary(), bits =>
        {
            var text = string.Concat(bits);
            var number = text.Aggregate(BigInteger.Zero, (n, c) => n * 2 + (c - '0'));
            var expected = number.IsZero ? [] : number.ToByteArray(isUnsigned: true, isBigEndian: false);
            return PgBinaryText.ParseBits(text).SequenceEqual(expected);
        });

    [Fact]
    public void Bytea_hex_output_is_decoded()
    {
        Assert.Equal(new byte[] { 0, 0xff, 0x10 }, PgBinaryText.ParseBytea("\\x00ff10"));
        Assert.Empty(PgBinaryText.ParseBytea("\\x"));
        Assert.Throws<FormatException>(() => PgBinaryText.ParseBytea("\\000"));
    }
}
