namespace Streaming.Queries;

/// <summary>
/// A live view of one key's state, served at <c>GET /api/v1/analytics/{Noun}/{key}/{Name}</c> (e.g.
/// <c>users/u1/session</c>): one per query an analytic declares.
/// </summary>
public sealed record LiveQuery(string Noun, string Name, string Summary)
{
    public string Route => $"/{Noun}/{{key}}/{Name}";
}
