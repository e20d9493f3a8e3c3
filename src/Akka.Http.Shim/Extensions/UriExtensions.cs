namespace Akka.Http.Extensions;

/// <summary>Changes to URIs.</summary>
public static class UriExtensions
{
    /// <summary><paramref name="uri"/> with its port replaced by <paramref name="newPort"/>; scheme, host, path and query unchanged.</summary>
    public static Uri WithPort(this Uri uri, int newPort)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return new UriBuilder(uri) { Port = newPort }.Uri;
    }
}
