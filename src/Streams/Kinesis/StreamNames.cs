using System.Text.RegularExpressions;

namespace Streaming.Streams.Kinesis;

/// <summary>Kinesis' rule for stream names, checked before a call so a bad name fails with a clear message.</summary>
public static partial class StreamNames
{
    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is a valid stream name.</summary>
    public static string Check(string? name, string parameter = "streamName") =>
        IsValid(name) ? name! : throw new ArgumentException($"'{name}' is not a valid Kinesis stream name: 1–128 characters of a–z, A–Z, 0–9, '_', '.', '-'.", parameter);
}
