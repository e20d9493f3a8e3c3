using Akka.Actor;

namespace Akka.Http;

/// <summary>Reaches the HTTP server extension from an actor system.</summary>
public static class HttpExtExtensions
{
    /// <summary>The <see cref="HttpExt"/> of <paramref name="system"/>, created on first use.</summary>
    public static HttpExt Http(this ActorSystem system) => system.WithExtension<HttpExt, Http>();
}
