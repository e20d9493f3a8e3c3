using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary>
/// The exact wire spelling of the enums on the wire (case-sensitive), read once through the naming policy of the
/// converter the enum declares (<see cref="SnakeCaseEnumConverter{T}"/>, <see cref="UpperSnakeCaseEnumConverter{T}"/>),
/// so that JSON and these lookups cannot disagree.
/// </summary>
public static class WireNames
{
    public static IReadOnlyList<string> ProductActions => WireEnum<ProductAction>.Names;

    public static IReadOnlyList<string> OrderStatuses => WireEnum<OrderStatus>.Names;

    /// <summary>The wire name of <paramref name="value"/>, e.g. <c>add_to_cart</c> or <c>HIGH_VALUE</c>.</summary>
    public static string ToWire<T>(this T value) where T : struct, Enum => WireEnum<T>.ToWire(value);

    public static bool TryParseProductAction([NotNullWhen(true)] string? wire, out ProductAction action) =>
        WireEnum<ProductAction>.TryParse(wire, out action);

    public static bool TryParseOrderStatus([NotNullWhen(true)] string? wire, out OrderStatus status) =>
        WireEnum<OrderStatus>.TryParse(wire, out status);

    private static class WireEnum<T> where T : struct, Enum
    {
        private static readonly JsonNamingPolicy Policy = PolicyOf();
        private static readonly FrozenDictionary<T, string> ByValue = Enum.GetValues<T>().ToFrozenDictionary(v => v, v => Policy.ConvertName(v.ToString()));
        private static readonly FrozenDictionary<string, T> ByName = ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<T>().Select(v => ByValue[v])];

        public static string ToWire(T value) =>
            ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, null);

        public static bool TryParse(string? wire, out T value)
        {
            value = default;
            return wire is not null && ByName.TryGetValue(wire, out value);
        }

        private static JsonNamingPolicy PolicyOf()
        {
            var converter = typeof(T).GetCustomAttribute<JsonConverterAttribute>()?.ConverterType;
            return converter is { IsGenericType: true } generic && generic.GetGenericTypeDefinition() == typeof(SnakeCaseEnumConverter<>) ? JsonNamingPolicy.SnakeCaseLower
                : converter is { IsGenericType: true } upper && upper.GetGenericTypeDefinition() == typeof(UpperSnakeCaseEnumConverter<>) ? JsonNamingPolicy.SnakeCaseUpper
                : throw new InvalidOperationException($"{typeof(T).Name} declares no snake-case wire converter");
        }
    }
}
