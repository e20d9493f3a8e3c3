using Akka.Actor;
using Ceen;

namespace Akka.Http.Dsl;

/// <summary>The <see cref="IAkkaHttpContext"/> that <see cref="AkkaRouter"/> hands to routes.</summary>
public class AkkaHttpContext : IAkkaHttpContext
{
    /// <summary>Pairs a Ceen request context with the actor system serving it.</summary>
    public AkkaHttpContext(ActorSystem system, IHttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(httpContext);
        ActorSystem = system;
        HttpContext = httpContext;
    }

    /// <inheritdoc />
    public ActorSystem ActorSystem { get; }

    /// <inheritdoc />
    public IHttpContext HttpContext { get; }
}
