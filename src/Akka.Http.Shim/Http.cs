using Akka.Actor;
using Akka.Configuration;

namespace Akka.Http;

/// <summary>
/// Extension id of <see cref="HttpExt"/>, the HTTP server that Akka.Management serves its routes on.
/// <see cref="HttpExtExtensions.Http(ActorSystem)"/> is the usual way to reach it.
/// </summary>
public class Http : ExtensionIdProvider<HttpExt>
{
    /// <summary>The defaults of <c>akka.http.server</c> shipped inside this assembly.</summary>
    public static Config DefaultConfig() =>
        ConfigurationFactory.FromResource<HttpExt>("Akka.Http.Resources.reference.conf");

    /// <summary>The extension of <paramref name="system"/>, created on first use.</summary>
    public static new HttpExt Get(ActorSystem system) => system.WithExtension<HttpExt, Http>();

    /// <inheritdoc />
    public override HttpExt CreateExtension(ExtendedActorSystem system) => new(system);
}
