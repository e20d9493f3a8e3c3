using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary>
/// An enum on the wire as its member names in lower snake case (<c>AddToCart</c> is <c>add_to_cart</c>), numbers
/// refused: the names come from the members themselves, so there is no list of spellings to keep in step with them.
/// </summary>
public sealed class SnakeCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where T : struct, Enum;
