using System.Security.Cryptography;
using System.Text;

namespace Streaming.Api.Http;

/// <summary>The configured form of an API key: <c>sha256:</c> and the lowercase hex SHA-256 of its UTF-8 bytes.</summary>
public static class ApiKeyHash
{
    public const string Prefix = "sha256:";

    /// <summary>The hash to configure for <paramref name="key"/>.</summary>
    public static string Of(string key) => Prefix + Convert.ToHexStringLower(Digest(key));

    /// <summary>SHA-256 of the key's UTF-8 bytes.</summary>
    public static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The digest a configured hash names, or null when it is not <c>sha256:</c> followed by 64 hex digits.</summary>
    public static byte[]? Parse(string configured)
    {
        var text = configured.Trim();
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var hex = text[Prefix.Length..];
        if (hex.Length != SHA256.HashSizeInBytes * 2 || !hex.All(char.IsAsciiHexDigit)) return null;
        return Convert.FromHexString(hex);
    }
}
