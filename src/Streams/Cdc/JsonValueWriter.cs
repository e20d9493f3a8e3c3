using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace Streaming.Streams.Cdc;

/// <summary>
/// Writes one column value, given as PostgreSQL's text output, as the JSON value Debezium's default modes produce
/// (with <c>decimal.handling.mode=string</c>). docs/cdc-types.md lists the mapping.
/// </summary>
internal static class JsonValueWriter
{
    public static void Write(Utf8JsonWriter writer, ColumnType type, string text)
    {
        switch (type.Kind)
        {
            case PgValueKind.Boolean:
                writer.WriteBooleanValue(text == "t");
                break;
            case PgValueKind.Integer:
                writer.WriteNumberValue(long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                break;
            case PgValueKind.Float:
                WriteFloat(writer, text);
                break;
            case PgValueKind.Numeric:
                writer.WriteStringValue(Numeric(text));
                break;
            case PgValueKind.Money:
                writer.WriteStringValue(Money(text));
                break;
            case PgValueKind.Bytea:
                writer.WriteBase64StringValue(PgBinaryText.ParseBytea(text));
                break;
            case PgValueKind.Bit:
                writer.WriteBooleanValue(text.Contains('1', StringComparison.Ordinal));
                break;
            case PgValueKind.Bits:
                writer.WriteBase64StringValue(PgBinaryText.ParseBits(text));
                break;
            case PgValueKind.Date:
                writer.WriteNumberValue(PgTemporal.ParseDate(text));
                break;
            case PgValueKind.Time:
                var time = PgTemporal.ParseTime(text);
                writer.WriteNumberValue(IsMillis(type) ? time / 1000 : time);
                break;
            case PgValueKind.TimeTz:
                writer.WriteStringValue(PgTemporal.FormatZonedTime(PgTemporal.ParseTimeTz(text)));
                break;
            case PgValueKind.Timestamp:
                var micros = PgTemporal.ParseTimestamp(text);
                var infinite = micros is PgTemporal.PositiveInfinityTimestamp or PgTemporal.NegativeInfinityTimestamp;
                writer.WriteNumberValue(IsMillis(type) && !infinite ? PgTemporal.FloorDiv(micros, 1000) : micros);
                break;
            case PgValueKind.TimestampTz:
                var utc = PgTemporal.ParseTimestampTz(text);
                // Debezium passes 'infinity' / '-infinity' through as strings.
                writer.WriteStringValue(utc is { } at ? PgTemporal.FormatZonedTimestamp(at, type.Precision < 0 ? 6 : type.Precision) : text);
                break;
            case PgValueKind.Interval:
                writer.WriteNumberValue(PgTemporal.ParseInterval(text));
                break;
            case PgValueKind.Point:
                WritePoint(writer, text);
                break;
            case PgValueKind.Array:
                WriteArray(writer, type.Element ?? ColumnType.Text, PgArrayText.Parse(text));
                break;
            default:
                writer.WriteStringValue(text);
                break;
        }
    }

    /// <summary>numeric text is already plain decimal notation; only the special values differ (Debezium's names).</summary>
    public static string Numeric(string text) => text switch
    {
        "NaN" => "NAN",
        "Infinity" => "POSITIVE_INFINITY",
        "-Infinity" => "NEGATIVE_INFINITY",
        _ => text,
    };

    /// <summary>money text carries the locale's currency symbol and grouping ("-$1,234.56"); keep sign, digits, point.</summary>
    public static string Money(string text)
    {
        var negative = text.Contains('-', StringComparison.Ordinal) || text.StartsWith('(');
        var digits = new string(text.Where(c => char.IsAsciiDigit(c) || c == '.').ToArray());
        return negative ? "-" + digits : digits;
    }

    private static bool IsMillis(ColumnType type) => type.Precision is >= 0 and <= 3;

    private static void WriteFloat(Utf8JsonWriter writer, string text)
    {
        // JSON has no NaN or infinities; Jackson (Debezium's JSON converter) quotes them the same way.
        if (text is "NaN" or "Infinity" or "-Infinity") writer.WriteStringValue(text);
        else writer.WriteRawValue(text, skipInputValidation: true);
    }

    /// <summary>io.debezium.data.geometry.Point: x, y, the point as little-endian WKB, and no SRID.</summary>
    private static void WritePoint(Utf8JsonWriter writer, string text)
    {
        var inner = text.Trim().TrimStart('(').TrimEnd(')');
        var comma = inner.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0) throw new FormatException($"point '{text}'");
        var x = double.Parse(inner.AsSpan(0, comma), NumberStyles.Float, CultureInfo.InvariantCulture);
        var y = double.Parse(inner.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture);
        Span<byte> wkb = stackalloc byte[21];
        wkb[0] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(wkb[1..], 1);
        BinaryPrimitives.WriteDoubleLittleEndian(wkb[5..], x);
        BinaryPrimitives.WriteDoubleLittleEndian(wkb[13..], y);
        writer.WriteStartObject();
        writer.WriteNumber("x", x);
        writer.WriteNumber("y", y);
        writer.WriteBase64String("wkb", wkb);
        writer.WriteNull("srid");
        writer.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter writer, ColumnType element, IReadOnlyList<object?> items)
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            switch (item)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string s:
                    Write(writer, element, s);
                    break;
                case IReadOnlyList<object?> nested:
                    WriteArray(writer, element, nested);
                    break;
            }
        }
        writer.WriteEndArray();
    }
}
