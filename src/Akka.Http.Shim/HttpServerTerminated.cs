namespace Akka.Http;

/// <summary>The server stopped: it accepts no connections and its requests have finished or were given up at the deadline.</summary>
public sealed class HttpServerTerminated : HttpTerminated
{
    /// <summary>The only instance.</summary>
    public static readonly HttpServerTerminated Instance = new();

    private HttpServerTerminated()
    {
    }
}
