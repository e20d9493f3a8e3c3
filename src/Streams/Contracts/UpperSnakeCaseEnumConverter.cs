using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary>An enum on the wire as its member names in upper snake case (<c>HighValue</c> is <c>HIGH_VALUE</c>), numbers refused.</summary>
public sealed class UpperSnakeCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false)
    where T : struct, Enum;
