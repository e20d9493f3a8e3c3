namespace Streaming.Analytics.Keyed;

/// <summary>
/// A live view of one key's state: the gateway serves it at <c>GET /api/v1/analytics/{Noun}/{key}/{Name}</c>
/// (e.g. <c>users/u1/session</c>). <see cref="View"/> gives the answer as UTF-8 JSON, or null when the key has
/// nothing to show (404).
/// </summary>
public sealed record KeyedQuery<TState>(string Noun, string Name, string Summary, Func<TState, DateTimeOffset, byte[]?> View);
