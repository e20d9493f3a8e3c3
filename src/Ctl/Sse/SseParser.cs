using System.Collections.Immutable;

namespace Streaming.Ctl.Sse;

/// <summary>
/// The event-stream interpretation of the HTML standard (§9.2.6), one line at a time: <c>field: value</c> lines build
/// a message, a blank line dispatches it, lines starting with ':' are comments (the keep-alives servers send), unknown
/// fields are ignored, and a message whose data is empty is dropped. Immutable: each line gives the next parser.
/// </summary>
public sealed record SseParser(string? EventType, ImmutableList<string> DataLines)
{
    public static SseParser Empty { get; } = new(null, []);

    /// <summary>The parser after <paramref name="line"/> (without its line ending) and the message it dispatched, if any.</summary>
    public (SseParser Next, SseMessage? Dispatched) Accept(string line)
    {
        if (line.Length == 0)
            return (Empty, DataLines.IsEmpty ? null : new SseMessage(EventType ?? "message", string.Join('\n', DataLines)));
        if (line[0] == ':') return (this, null);
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? "" : line[(colon + 1)..];
        if (value.StartsWith(' ')) value = value[1..];
        return field switch
        {
            "data" => (this with { DataLines = DataLines.Add(value) }, null),
            "event" => (this with { EventType = value.Length == 0 ? null : value }, null),
            _ => (this, null), // id and retry matter for reconnecting, which a tail does not do
        };
    }

    /// <summary>Every message of a whole stream's lines; a message not ended by a blank line is incomplete and dropped.</summary>
    public static IEnumerable<SseMessage> Parse(IEnumerable<string> lines)
    {
        var parser = Empty;
        foreach (var line in lines)
        {
            (parser, var message) = parser.Accept(line);
            if (message is not null) yield return message;
        }
    }
}
