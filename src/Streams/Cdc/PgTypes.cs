using System.Collections.Frozen;

namespace Streaming.Streams.Cdc;

/// <summary>
/// Maps PostgreSQL type ids to <see cref="ColumnType"/>s. Built-in types by their fixed OIDs; enums, domains
/// (resolved to their base type) from the catalog rows given to the constructor. Anything else is written as
/// its text.
/// </summary>
internal sealed class PgTypes
{
    private static readonly FrozenDictionary<uint, PgValueKind> Scalars = new Dictionary<uint, PgValueKind>
    {
        [16] = PgValueKind.Boolean,
        [17] = PgValueKind.Bytea,
        [20] = PgValueKind.Integer, // int8
        [21] = PgValueKind.Integer, // int2
        [23] = PgValueKind.Integer, // int4
        [26] = PgValueKind.Integer, // oid
        [600] = PgValueKind.Point,
        [700] = PgValueKind.Float,
        [701] = PgValueKind.Float,
        [790] = PgValueKind.Money,
        [1082] = PgValueKind.Date,
        [1083] = PgValueKind.Time,
        [1114] = PgValueKind.Timestamp,
        [1184] = PgValueKind.TimestampTz,
        [1186] = PgValueKind.Interval,
        [1266] = PgValueKind.TimeTz,
        [1560] = PgValueKind.Bits, // bit
        [1562] = PgValueKind.Bits, // varbit
        [1700] = PgValueKind.Numeric,
    }.ToFrozenDictionary();

    /// <summary>Array type → element type, for the arrays of built-in types.</summary>
    private static readonly FrozenDictionary<uint, uint> ArrayElements = new Dictionary<uint, uint>
    {
        [1000] = 16, [1001] = 17, [1002] = 18, [1003] = 19, [1005] = 21, [1007] = 23, [1009] = 25, [1014] = 1042,
        [1015] = 1043, [1016] = 20, [1021] = 700, [1022] = 701, [1028] = 26, [1040] = 829, [1041] = 869, [651] = 650,
        [775] = 774, [791] = 790, [1115] = 1114, [1182] = 1082, [1183] = 1083, [1185] = 1184, [1187] = 1186, [1231] = 1700,
        [1270] = 1266, [1561] = 1560, [1563] = 1562, [199] = 114, [3807] = 3802, [2951] = 2950, [143] = 142,
        [3905] = 3904, [3907] = 3906, [3909] = 3908, [3911] = 3910, [3913] = 3912, [3927] = 3926,
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<uint, UserType> _userTypes;

    /// <param name="userTypes">Enums, domains and arrays of them, from <c>pg_type</c>.</param>
    public PgTypes(IEnumerable<UserType> userTypes) => _userTypes = userTypes.ToFrozenDictionary(t => t.Oid);

    /// <summary>Built-in types only.</summary>
    public static PgTypes BuiltIn { get; } = new([]);

    /// <summary>A catalog row of a type that is not built in.</summary>
    /// <param name="Oid">The type.</param>
    /// <param name="TypType">pg_type.typtype: d (domain), e (enum), b (base, e.g. an array of a user type), …</param>
    /// <param name="BaseType">Domain: the type it constrains. Array: the element type (typelem). Else 0.</param>
    /// <param name="BaseTypeModifier">Domain: the modifier of the base type (typtypmod), else -1.</param>
    public sealed record UserType(uint Oid, char TypType, uint BaseType, int BaseTypeModifier);

    public ColumnType Resolve(uint oid, int typeModifier)
    {
        // Domains over domains resolve step by step; the bound guards against a malformed catalog.
        for (var depth = 0; depth < 32; depth++)
        {
            if (Scalars.TryGetValue(oid, out var kind)) return Scalar(oid, kind, typeModifier);
            if (ArrayElements.TryGetValue(oid, out var element))
                return new ColumnType(PgValueKind.Array, -1, Resolve(element, typeModifier));
            if (!_userTypes.TryGetValue(oid, out var user)) return ColumnType.Text;
            switch (user.TypType)
            {
                case 'd':
                    oid = user.BaseType;
                    typeModifier = user.BaseTypeModifier;
                    continue;
                case 'b' when user.BaseType != 0:
                    return new ColumnType(PgValueKind.Array, -1, Resolve(user.BaseType, -1));
                default:
                    return ColumnType.Text;
            }
        }
        return ColumnType.Text;
    }

    private static ColumnType Scalar(uint oid, PgValueKind kind, int typeModifier) => kind switch
    {
        // bit without a length is bit(1); varbit without one is unbounded.
        PgValueKind.Bits when oid == 1560 && typeModifier <= 1 => new ColumnType(PgValueKind.Bit, 1),
        PgValueKind.Bits when typeModifier == 1 => new ColumnType(PgValueKind.Bit, 1),
        PgValueKind.Bits => new ColumnType(PgValueKind.Bits, typeModifier),
        PgValueKind.Time or PgValueKind.TimeTz or PgValueKind.Timestamp or PgValueKind.TimestampTz
            => new ColumnType(kind, typeModifier < 0 ? -1 : typeModifier),
        _ => new ColumnType(kind),
    };
}
