namespace Streaming.Ctl.Sse;

/// <summary>One dispatched server-sent event: its type (<c>message</c> when the server named none) and its data lines joined by newlines.</summary>
public sealed record SseMessage(string Event, string Data);
