namespace Akka.Http;

/// <summary>What a server binding's termination completes with.</summary>
public abstract class HttpTerminated
{
    /// <summary>For the outcomes defined in this assembly.</summary>
    protected HttpTerminated()
    {
    }
}
