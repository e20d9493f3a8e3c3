using Akka.Http.Dsl;
using Ceen;

namespace Akka.Http.Shim.Tests;

/// <summary>Answers with a fixed status and JSON body, as Akka.Management's routes do.</summary>
internal sealed class JsonRoute(HttpStatusCode status, string json) : HttpModuleBase
{
    public override async Task<bool> HandleAsync(IAkkaHttpContext httpContext)
    {
        httpContext.HttpContext.Response.StatusCode = status;
        await httpContext.HttpContext.Response.WriteAllJsonAsync(json);
        return true;
    }
}

/// <summary>Declines every request (as a GET-only route declines a POST), counting how often it was asked.</summary>
internal sealed class DecliningRoute : HttpModuleBase
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public override Task<bool> HandleAsync(IAkkaHttpContext httpContext)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(false);
    }
}

/// <summary>Fails every request.</summary>
internal sealed class FailingRoute : HttpModuleBase
{
    public override Task<bool> HandleAsync(IAkkaHttpContext httpContext) => throw new InvalidOperationException("route failed");
}

/// <summary>Answers with the name of the actor system and the request's method and path.</summary>
internal sealed class EchoRoute : HttpModuleBase
{
    public override async Task<bool> HandleAsync(IAkkaHttpContext httpContext)
    {
        var request = httpContext.HttpContext.Request;
        await httpContext.HttpContext.Response.WriteAllAsync($"{httpContext.ActorSystem.Name} {request.Method} {request.Path}", "text/plain");
        return true;
    }
}
