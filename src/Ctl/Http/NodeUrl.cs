namespace Streaming.Ctl.Http;

/// <summary>The gateway's base address as given with --url or STREAMING_URL, and the addresses of its endpoints under it.</summary>
internal static class NodeUrl
{
    public const string Fallback = "http://localhost:8888";

    /// <summary>An absolute http(s) URL, its path ending in '/' so that endpoints resolve under a path prefix (behind a proxy) too.</summary>
    public static Uri? Parse(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            ? uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri
            : null;

    /// <summary><paramref name="path"/> (<c>/api/v1/…</c>, with its query) under <paramref name="node"/>.</summary>
    public static Uri Resolve(Uri node, string path) => new(node, path.TrimStart('/'));

    /// <summary>A query string of the parameters that have a value, escaped; empty when none has.</summary>
    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    /// <summary>A path segment: a user id, product id or topic may hold '/', '?' or spaces.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}
