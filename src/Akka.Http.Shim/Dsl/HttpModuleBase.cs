using Ceen;

namespace Akka.Http.Dsl;

/// <summary>
/// Base of every route: Akka.Management's endpoints derive from it and answer in
/// <see cref="HandleAsync(IAkkaHttpContext)"/>, writing status and body through Ceen's response.
/// </summary>
public abstract class HttpModuleBase : IAkkaHttpModule
{
    /// <summary>For derived routes.</summary>
    protected HttpModuleBase()
    {
    }

    /// <summary>
    /// Ceen's entry point, without an actor system; routes are reached through <see cref="AkkaRouter"/>, which calls
    /// <see cref="HandleAsync(IAkkaHttpContext)"/>, so a module registered with Ceen directly is refused.
    /// </summary>
    public virtual Task<bool> HandleAsync(IHttpContext httpContext) =>
        throw new NotSupportedException(
            $"{GetType().Name} needs the actor system: serve it through HttpExt (AkkaRouter), which calls HandleAsync(IAkkaHttpContext).");

    /// <inheritdoc />
    public abstract Task<bool> HandleAsync(IAkkaHttpContext httpContext);
}
