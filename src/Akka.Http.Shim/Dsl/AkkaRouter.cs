using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Event;
using Ceen;

namespace Akka.Http.Dsl;

/// <summary>
/// Ceen router over routes (path pattern, module): tries the routes whose <see cref="RoutePattern"/> matches the
/// request path, in order, until one answers. No answer leaves the request to Ceen, which replies 404.
/// </summary>
public class AkkaRouter : IRouter
{
    private readonly ActorSystem _system;
    private readonly ILoggingAdapter _log;

    /// <summary>A router over <paramref name="routes"/>.</summary>
    public AkkaRouter(ActorSystem system, params (string Path, HttpModuleBase Module)[] routes)
        : this(system, (IEnumerable<(string Path, HttpModuleBase Module)>)routes)
    {
    }

    /// <summary>A router without routes: every request is answered 404.</summary>
    public AkkaRouter(ActorSystem system)
        : this(system, [])
    {
    }

    /// <summary>A router over <paramref name="rules"/>, tried in the given order.</summary>
    public AkkaRouter(ActorSystem system, IEnumerable<(string Path, HttpModuleBase Module)> rules)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(rules);
        _system = system;
        _log = Logging.GetLogger(system, typeof(AkkaRouter));
        Rules = [.. rules.Select(rule => (RoutePattern.Compile(rule.Path), rule.Module ?? throw new ArgumentException($"Route '{rule.Path}' has no module.", nameof(rules))))];
    }

    /// <summary>The compiled routes (null pattern: every path), in the order they are tried.</summary>
    public IReadOnlyList<(Regex? Pattern, HttpModuleBase Module)> Rules { get; }

    /// <summary>Hands the request to the matching routes in order; false when none answered.</summary>
    public async Task<bool> Process(IHttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        var akkaContext = new AkkaHttpContext(_system, context);
        foreach (var (pattern, module) in Rules)
        {
            if (!RoutePattern.Matches(pattern, path)) continue;
            if (await module.HandleAsync(akkaContext).ConfigureAwait(false)) return true;
        }
        _log.Debug("HTTP {0} {1}: no route answered", context.Request.Method, path);
        return false;
    }
}
