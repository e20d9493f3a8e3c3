using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary>
/// The exact wire spelling of <see cref="ProductAction"/> and <see cref="OrderStatus"/> (case-sensitive), read once
/// from the enums' <see cref="JsonStringEnumMemberNameAttribute"/>s so that JSON and these lookups cannot disagree.
/// </summary>
public static class WireNames
{
    public static IReadOnlyList<string> ProductActions => WireEnum<ProductAction>.Names;

    public static IReadOnlyList<string> OrderStatuses => WireEnum<OrderStatus>.Names;

    public static string ToWire(this ProductAction action) => WireEnum<ProductAction>.ToWire(action);

    public static string ToWire(this OrderStatus status) => WireEnum<OrderStatus>.ToWire(status);

    public static bool TryParseProductAction([NotNullWhen(true)] string? wire, out ProductAction action) =>
        WireEnum<ProductAction>.TryParse(wire, out action);

    public static bool TryParseOrderStatus([NotNullWhen(true)] string? wire, out OrderStatus status) =>
        WireEnum<OrderStatus>.TryParse(wire, out status);

    private static class WireEnum<T> where T : struct, Enum
    {
        private static readonly FrozenDictionary<T, string> ByValue = Enum.GetValues<T>().ToFrozenDictionary(v => v, NameOf);
        private static readonly FrozenDictionary<string, T> ByName = ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<T>().Select(v => ByValue[v])];

        public static string ToWire(T value) =>
            ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, null);

        public static bool TryParse(string? wire, out T value)
        {
            value = default;
            return wire is not null && ByName.TryGetValue(wire, out value);
        }

        private static string NameOf(T value)
        {
            var field = typeof(T).GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static)!;
            return field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{typeof(T).Name}.{value} has no wire name");
        }
    }
}
