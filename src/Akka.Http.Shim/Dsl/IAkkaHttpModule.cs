using Ceen;

namespace Akka.Http.Dsl;

/// <summary>A Ceen module that also receives the actor system serving the request.</summary>
public interface IAkkaHttpModule : IHttpModule
{
    /// <summary>Answers the request and returns true, or returns false to let the next matching route try.</summary>
    Task<bool> HandleAsync(IAkkaHttpContext httpContext);
}
