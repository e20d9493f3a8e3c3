namespace Streaming.Api.Http;

/// <summary>What a request's API key is worth.</summary>
public enum ApiKeyVerdict
{
    /// <summary>No keys are configured: the endpoints are open.</summary>
    Open,

    /// <summary>Its hash is one of the configured ones.</summary>
    Accepted,

    /// <summary>Keys are configured and the request carries none (401).</summary>
    Missing,

    /// <summary>The request's key matches no configured hash (403).</summary>
    Unknown,
}
