using Akka.Actor;
using Ceen;

namespace Akka.Http.Dsl;

/// <summary>A request as a route sees it: Ceen's context (request and response) and the actor system serving it.</summary>
public interface IAkkaHttpContext
{
    /// <summary>The actor system whose <see cref="HttpExt"/> accepted the request.</summary>
    ActorSystem ActorSystem { get; }

    /// <summary>Ceen's request and response; a route answers through <c>HttpContext.Response</c>.</summary>
    IHttpContext HttpContext { get; }
}
