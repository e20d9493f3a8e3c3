namespace Streaming.Engine.Processing;

/// <summary>A key of a partition: the kind of its keyed function and the key.</summary>
public readonly record struct EntityRef(string Kind, string Key) : IComparable<EntityRef>
{
    public int CompareTo(EntityRef other)
    {
        var kind = string.CompareOrdinal(Kind, other.Kind);
        return kind != 0 ? kind : string.CompareOrdinal(Key, other.Key);
    }

    public static bool operator <(EntityRef left, EntityRef right) => left.CompareTo(right) < 0;

    public static bool operator <=(EntityRef left, EntityRef right) => left.CompareTo(right) <= 0;

    public static bool operator >(EntityRef left, EntityRef right) => left.CompareTo(right) > 0;

    public static bool operator >=(EntityRef left, EntityRef right) => left.CompareTo(right) >= 0;
}
