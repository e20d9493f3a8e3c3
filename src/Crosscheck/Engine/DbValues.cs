using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Numerics;

namespace Streaming.Crosscheck.Engine;

/// <summary>Reads DuckDB values whose .NET type depends on the SQL type DuckDB inferred (BIGINT, HUGEINT, UBIGINT, …).</summary>
internal static class DbValues
{
    public static long Long(object value) => value switch
    {
        long l => l,
        int i => i,
        ulong u => checked((long)u),
        uint u => u,
        short s => s,
        BigInteger b => (long)b,
        decimal d => decimal.ToInt64(d),
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    public static long Long(DbDataReader reader, string column) => Long(reader.GetValue(reader.GetOrdinal(column)));

    public static long? NullableLong(DbDataReader reader, string column)
    {
        var i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? null : Long(reader.GetValue(i));
    }

    public static decimal Decimal(object value) => value switch
    {
        decimal d => d,
        BigInteger b => (decimal)b,
        _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
    };

    public static decimal Decimal(DbDataReader reader, string column) => Decimal(reader.GetValue(reader.GetOrdinal(column)));

    public static string String(DbDataReader reader, string column) => reader.GetString(reader.GetOrdinal(column));

    public static string? NullableString(DbDataReader reader, string column)
    {
        var i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? null : reader.GetString(i);
    }

    public static bool Bool(DbDataReader reader, string column) => reader.GetBoolean(reader.GetOrdinal(column));

    public static IEnumerable<object?> List(DbDataReader reader, string column)
    {
        var i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? [] : ((IEnumerable)reader.GetValue(i)).Cast<object?>();
    }

    public static IEnumerable<KeyValuePair<string, long>> Map(DbDataReader reader, string column)
    {
        var i = reader.GetOrdinal(column);
        if (reader.IsDBNull(i))
        {
            yield break;
        }

        var map = (IDictionary)reader.GetValue(i);
        foreach (DictionaryEntry entry in map)
        {
            yield return new((string)entry.Key, Long(entry.Value!));
        }
    }
}
