using System.Text;
using Streaming.Ctl.Sse;

namespace Streaming.Ctl.Tests;

public sealed class SseTests
{
    [Fact]
    public void A_blank_line_dispatches_the_message_with_its_event_type()
    {
        var messages = SseParser.Parse(["event: member", "data: {\"type\":\"member_up\"}", "", "data: plain", ""]).ToList();
        Assert.Equal([new SseMessage("member", "{\"type\":\"member_up\"}"), new SseMessage("message", "plain")], messages);
    }

    [Fact]
    public void Data_over_several_lines_is_joined_with_newlines()
    {
        var message = Assert.Single(SseParser.Parse(["event: record", "data: {", "data:   \"a\": 1", "data: }", ""]));
        Assert.Equal("{\n  \"a\": 1\n}", message.Data);
    }

    [Fact]
    public void Comments_and_keep_alives_are_not_messages_and_do_not_split_one()
    {
        var messages = SseParser.Parse([": keep-alive", "", ":", "event: member", ": still here", "data: x", "", ": keep-alive", ""]).ToList();
        Assert.Equal([new SseMessage("member", "x")], messages);
    }

    [Fact]
    public void Only_one_space_after_the_colon_is_dropped_and_a_field_without_colon_has_an_empty_value()
    {
        Assert.Equal(" x", Assert.Single(SseParser.Parse(["data:  x", ""])).Data);
        Assert.Equal("x", Assert.Single(SseParser.Parse(["data:x", ""])).Data);
        Assert.Equal("\nx", Assert.Single(SseParser.Parse(["data", "data: x", ""])).Data);
    }

    [Fact]
    public void Ids_retries_unknown_fields_and_messages_without_data_are_ignored()
    {
        var messages = SseParser.Parse(["id: 7", "retry: 1000", "event: member", "", "colour: blue", "data: kept", ""]).ToList();
        Assert.Equal([new SseMessage("message", "kept")], messages);
    }

    [Fact]
    public void An_event_type_lasts_for_one_message_only()
    {
        var messages = SseParser.Parse(["event: record", "data: 1", "", "data: 2", ""]).ToList();
        Assert.Equal(["record", "message"], messages.Select(m => m.Event));
    }

    [Fact]
    public void A_message_the_stream_ends_before_its_blank_line_is_dropped()
    {
        Assert.Equal(["done"], SseParser.Parse(["data: done", "", "data: cut off"]).Select(m => m.Data));
    }

    [Fact]
    public async Task Messages_split_anywhere_by_the_network_arrive_whole()
    {
        // Multi-byte characters (é: 2 bytes, €: 3 bytes) and CRLF line ends cut between reads, a byte at a time.
        var text = "\uFEFF: hello\r\nevent: record\r\ndata: {\"v\":\"é€\"}\r\n\r\nevent: record\r\ndata: a\r\ndata: b\r\n\r\n";
        var messages = new List<SseMessage>();
        await foreach (var message in SseReader.ReadAsync(new Trickle(Encoding.UTF8.GetBytes(text), 1))) messages.Add(message);
        Assert.Equal([new SseMessage("record", "{\"v\":\"é€\"}"), new SseMessage("record", "a\nb")], messages);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\r\n")]
    public async Task Any_line_end_the_standard_allows_separates_lines(string end)
    {
        var text = string.Join(end, "event: member", "data: 1", "", "data: 2", "", "");
        var messages = new List<SseMessage>();
        await foreach (var message in SseReader.ReadAsync(new Trickle(Encoding.UTF8.GetBytes(text), 3))) messages.Add(message);
        Assert.Equal([new SseMessage("member", "1"), new SseMessage("message", "2")], messages);
    }

    /// <summary>A stream that hands out at most a few bytes per read, as a slow network does.</summary>
    private sealed class Trickle(byte[] bytes, int size) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, size));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, size)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, size), cancellationToken);
    }
}
