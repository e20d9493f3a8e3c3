namespace Streaming.Streams.Cdc;

/// <summary>How a column's text value becomes JSON (Debezium's default modes, <c>decimal.handling.mode=string</c>);
/// docs/cdc-types.md has the table.</summary>
internal enum PgValueKind
{
    /// <summary>The text as a JSON string (text, varchar, json, uuid, inet, enum, ranges and every unknown type).</summary>
    String,
    Boolean,

    /// <summary>int2, int4, int8, oid: the text is already a JSON number.</summary>
    Integer,

    /// <summary>float4, float8: a JSON number; NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity".</summary>
    Float,

    /// <summary>numeric: the exact decimal as a string; NaN and ±Infinity as "NAN", "POSITIVE_INFINITY", "NEGATIVE_INFINITY".</summary>
    Numeric,

    /// <summary>money: the amount as a decimal string without currency symbol or grouping.</summary>
    Money,

    /// <summary>bytea: base64 of the bytes.</summary>
    Bytea,

    /// <summary>bit(1) and varbit(1): a boolean.</summary>
    Bit,

    /// <summary>bit(n &gt; 1), varbit: base64 of the bits, little-endian.</summary>
    Bits,

    /// <summary>date: days since 1970-01-01.</summary>
    Date,

    /// <summary>time: milliseconds past midnight when the precision is 0–3, else microseconds.</summary>
    Time,

    /// <summary>timetz: ISO-8601 time in UTC, e.g. "10:15:30.5Z".</summary>
    TimeTz,

    /// <summary>timestamp: milliseconds since the epoch when the precision is 0–3, else microseconds.</summary>
    Timestamp,

    /// <summary>timestamptz: ISO-8601 in UTC with as many fraction digits as the column's precision.</summary>
    TimestampTz,

    /// <summary>interval: approximate microseconds (a month is 365.25/12 days).</summary>
    Interval,

    /// <summary>point: {x, y, wkb, srid}.</summary>
    Point,

    /// <summary>An array of <see cref="ColumnType.Element"/>: a JSON array.</summary>
    Array,
}
