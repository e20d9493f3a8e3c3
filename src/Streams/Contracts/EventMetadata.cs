namespace Streaming.Streams.Contracts;

/// <summary><c>metadata</c> of a user event: the known fields typed, every other field the
/// client sent kept in <see cref="Extra"/> and written back as it came.</summary>
public sealed record EventMetadata : FreeFormObject
{
    public string? Device { get; init; }

    public string? Location { get; init; }

    public string? SessionId { get; init; }

    public bool Equals(EventMetadata? other) =>
        other is not null && base.Equals(other)
        && string.Equals(Device, other.Device, StringComparison.Ordinal)
        && string.Equals(Location, other.Location, StringComparison.Ordinal)
        && string.Equals(SessionId, other.SessionId, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Device, Location, SessionId, base.GetHashCode());
}
