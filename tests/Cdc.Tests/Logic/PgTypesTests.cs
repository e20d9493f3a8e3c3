namespace Streaming.Streams.Cdc.Tests.Logic;

public sealed class PgTypesTests
{
    private static readonly PgTypes Types = new(
    [
        new PgTypes.UserType(20000, 'd', 23, -1), // domain over int4
        new PgTypes.UserType(20001, 'd', 20000, -1), // domain over that domain
        new PgTypes.UserType(20002, 'e', 0, -1), // enum
        new PgTypes.UserType(20003, 'b', 20001, -1), // array of the nested domain
        new PgTypes.UserType(20004, 'd', 1184, 3), // domain over timestamptz(3)
    ]);

    [Fact]
    public void Domains_resolve_to_their_base_type_and_modifier()
    {
        Assert.Equal(PgValueKind.Integer, Types.Resolve(20001, -1).Kind);
        Assert.Equal(new ColumnType(PgValueKind.TimestampTz, 3), Types.Resolve(20004, -1));
        var array = Types.Resolve(20003, -1);
        Assert.Equal(PgValueKind.Array, array.Kind);
        Assert.Equal(PgValueKind.Integer, array.Element!.Kind);
    }

    [Theory]
    [InlineData(20002u, -1, "String")] // enum
    [InlineData(99999u, -1, "String")] // unknown: its text
    [InlineData(1560u, 1, "Bit")] // bit(1)
    [InlineData(1560u, -1, "Bit")] // bit means bit(1)
    [InlineData(1560u, 3, "Bits")]
    [InlineData(1562u, 1, "Bit")] // varbit(1), as Debezium
    [InlineData(1562u, -1, "Bits")]
    [InlineData(1700u, -1, "Numeric")]
    [InlineData(3802u, -1, "String")] // jsonb: the JSON text
    public void Kinds_follow_Debeziums_defaults(uint oid, int modifier, string kind) => Assert.Equal(kind, Types.Resolve(oid, modifier).Kind.ToString());

    [Fact]
    public void Time_precision_comes_from_the_modifier()
    {
        Assert.Equal(3, Types.Resolve(1114, 3).Precision);
        Assert.Equal(-1, Types.Resolve(1114, -1).Precision);
        Assert.Equal(0, Types.Resolve(1083, 0).Precision);
    }
}
