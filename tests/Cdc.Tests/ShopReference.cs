using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;

namespace Streaming.Streams.Cdc.Tests;

/// <summary>
/// A naive model of what Debezium writes for the test's tables <c>users(id int, name text, email text)</c> and
/// <c>orders(id bigint, user_id int, amount numeric(12,2), status text)</c>: the test runs each change through
/// it and through PostgreSQL, and the expected records per topic and key fall out of the model's own rows.
/// </summary>
internal sealed class ShopReference
{
    public const string CreateTables =
        "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, email text); " +
        "CREATE TABLE orders (id bigint PRIMARY KEY, user_id int NOT NULL, amount numeric(12,2) NOT NULL, status text NOT NULL)";

    private readonly Dictionary<string, SortedDictionary<long, JsonObject>> _rows = new()
    {
        ["users"] = [],
        ["orders"] = [],
    };

    /// <summary>Expected records per topic, per key (the key's JSON text), in order.</summary>
    public Dictionary<string, Dictionary<string, List<Expected>>> Records { get; } = new()
    {
        ["streaming.users"] = [],
        ["streaming.orders"] = [],
    };

    /// <param name="Op">"r", "c", "u", "d" or "tombstone".</param>
    public sealed record Expected(string Op, JsonNode? Before, JsonNode? After)
    {
        public override string ToString() => $"{Op} before={Before?.ToJsonString() ?? "null"} after={After?.ToJsonString() ?? "null"}";
    }

    public IReadOnlyCollection<long> Ids(string table) => _rows[table].Keys;

    public static JsonObject User(long id, string name, string? email) => new() { ["id"] = id, ["name"] = name, ["email"] = email };

    public static JsonObject Order(long id, int userId, decimal amount, string status) => new()
    {
        ["id"] = id,
        ["user_id"] = userId,
        // numeric(12,2) text: always two decimals; Debezium's string mode keeps it.
        ["amount"] = amount.ToString("F2", CultureInfo.InvariantCulture),
        ["status"] = status,
    };

    /// <summary>A row present before the connector started: expected as a snapshot read.</summary>
    public void Existing(string table, JsonObject row)
    {
        _rows[table][Id(row)] = row;
        Add(table, Id(row), new Expected("r", null, row.DeepClone()));
    }

    public void Insert(string table, JsonObject row)
    {
        _rows[table].Add(Id(row), row);
        Add(table, Id(row), new Expected("c", null, row.DeepClone()));
    }

    public void Update(string table, JsonObject row)
    {
        var before = _rows[table][Id(row)];
        _rows[table][Id(row)] = row;
        Add(table, Id(row), new Expected("u", before.DeepClone(), row.DeepClone()));
    }

    public void Delete(string table, long id)
    {
        var before = _rows[table][id];
        _rows[table].Remove(id);
        Add(table, id, new Expected("d", before.DeepClone(), null));
        Add(table, id, new Expected("tombstone", null, null));
    }

    /// <summary>An update that changes the primary key: Debezium's delete, tombstone, create.</summary>
    public void ChangeKey(string table, long oldId, JsonObject row)
    {
        var before = _rows[table][oldId];
        _rows[table].Remove(oldId);
        _rows[table].Add(Id(row), row);
        Add(table, oldId, new Expected("d", before.DeepClone(), null));
        Add(table, oldId, new Expected("tombstone", null, null));
        Add(table, Id(row), new Expected("c", null, row.DeepClone()));
    }

    public JsonObject Row(string table, long id) => _rows[table][id];

    /// <summary>Writes the model's current rows of both tables (for a snapshot) with plain INSERTs.</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string table, JsonObject row)
    {
        await using var cmd = table == "users"
            ? new NpgsqlCommand("INSERT INTO users (id, name, email) VALUES ($1, $2, $3)", connection, tx)
            : new NpgsqlCommand("INSERT INTO orders (id, user_id, amount, status) VALUES ($1, $2, $3::numeric, $4)", connection, tx);
        AddValues(cmd, table, row);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string table, long oldId, JsonObject row)
    {
        await using var cmd = table == "users"
            ? new NpgsqlCommand("UPDATE users SET id = $1, name = $2, email = $3 WHERE id = $4", connection, tx)
            : new NpgsqlCommand("UPDATE orders SET id = $1, user_id = $2, amount = $3::numeric, status = $4 WHERE id = $5", connection, tx);
        AddValues(cmd, table, row);
        cmd.Parameters.Add(new NpgsqlParameter { Value = table == "users" ? (int)oldId : oldId });
        if (await cmd.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException($"update of {table} {oldId} hit no row");
    }

    public static async Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string table, long id)
    {
        await using var cmd = new NpgsqlCommand($"DELETE FROM {table} WHERE id = $1", connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = table == "users" ? (int)id : id });
        if (await cmd.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException($"delete of {table} {id} hit no row");
    }

    public static string KeyText(long id) => new JsonObject { ["id"] = id }.ToJsonString();

    private static void AddValues(NpgsqlCommand cmd, string table, JsonObject row)
    {
        if (table == "users")
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = (int)row["id"]!.GetValue<long>() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = row["name"]!.GetValue<string>() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)row["email"]?.GetValue<string>() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }
        else
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = row["id"]!.GetValue<long>() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = row["user_id"]!.GetValue<int>() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = row["amount"]!.GetValue<string>() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = row["status"]!.GetValue<string>() });
        }
    }

    private static long Id(JsonObject row) => row["id"]!.GetValue<long>();

    private void Add(string table, long id, Expected expected)
    {
        var perKey = Records["streaming." + table];
        var key = KeyText(id);
        if (!perKey.TryGetValue(key, out var list)) perKey[key] = list = [];
        list.Add(expected);
    }
}
