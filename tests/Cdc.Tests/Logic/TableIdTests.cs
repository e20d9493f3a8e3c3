namespace Streaming.Streams.Cdc.Tests.Logic;

public sealed class TableIdTests
{
    [Theory]
    [InlineData("public.users", "public", "users")]
    [InlineData("users", "public", "users")]
    [InlineData("Sales.Orders", "sales", "orders")]
    [InlineData("\"Sales\".\"Q1.totals\"", "Sales", "Q1.totals")]
    [InlineData("\"a\"\"b\".c", "a\"b", "c")]
    [InlineData(" public . users ", "public", "users")]
    public void Names_are_read_as_PostgreSQL_reads_identifiers(string text, string schema, string name) =>
        Assert.Equal(new TableId(schema, name), TableId.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("a.b.c")]
    [InlineData("a.")]
    [InlineData("\"open")]
    [InlineData("\"a\"b")]
    public void Other_text_is_refused(string text) => Assert.Throws<FormatException>(() => TableId.Parse(text));

    [Fact]
    public void Quoting_escapes_quotes() => Assert.Equal("\"a\"\"b\".\"c\"", new TableId("a\"b", "c").Quoted);
}
