using Npgsql;

namespace Streaming.Streams.Cdc.Tests;

/// <summary>
/// Random multi-row transactions over users and orders: inserts, updates, deletes and primary-key changes
/// interleaved across both tables, each applied to PostgreSQL and to the <see cref="ShopReference"/> in the same
/// order. Transactions run one after another on one connection, so commit order is the order written here.
/// </summary>
internal sealed class ShopWorkload(ShopReference reference, int seed)
{
    private static readonly string[] Statuses = ["NEW", "PAID", "SHIPPED", "CANCELLED"];
    private readonly Random _random = new(seed);
    private long _nextUser = 1_000;
    private long _nextOrder = 1_000_000;

    /// <summary>Rows written before the connector starts (the snapshot's content).</summary>
    public async Task SeedAsync(string connectionString, int users, int orders)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 1; i <= users; i++)
        {
            var row = ShopReference.User(i, $"user {i}", i % 3 == 0 ? null : $"u{i}@example.com");
            await ShopReference.InsertAsync(connection, null, "users", row);
            reference.Existing("users", row);
        }
        for (var i = 1; i <= orders; i++)
        {
            var row = ShopReference.Order(i, 1 + i % users, 10m + i, Statuses[i % Statuses.Length]);
            await ShopReference.InsertAsync(connection, null, "orders", row);
            reference.Existing("orders", row);
        }
    }

    /// <summary>Runs <paramref name="transactions"/> transactions of <paramref name="minOps"/>–<paramref name="maxOps"/> changes each.</summary>
    public async Task RunAsync(string connectionString, int transactions, int minOps = 3, int maxOps = 15, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        for (var t = 0; t < transactions; t++)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var steps = new List<Action>();
            var ops = _random.Next(minOps, maxOps + 1);
            for (var i = 0; i < ops; i++) steps.Add(await StepAsync(connection, tx));
            await tx.CommitAsync(ct);
            // The model changes only once PostgreSQL committed.
            foreach (var step in steps) step();
        }
    }

    private async Task<Action> StepAsync(NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        var table = _random.Next(2) == 0 ? "users" : "orders";
        var ids = Pending(table);
        var roll = _random.Next(100);
        if (ids.Count < 5 || roll < 35)
        {
            var id = table == "users" ? _nextUser++ : _nextOrder++;
            var row = NewRow(table, id);
            await ShopReference.InsertAsync(connection, tx, table, row);
            Remember(table, id, row);
            return () => reference.Insert(table, row);
        }
        var existing = ids[_random.Next(ids.Count)];
        if (roll < 75)
        {
            var row = NewRow(table, existing);
            await ShopReference.UpdateAsync(connection, tx, table, existing, row);
            Remember(table, existing, row);
            return () => reference.Update(table, row);
        }
        if (roll < 92)
        {
            await ShopReference.DeleteAsync(connection, tx, table, existing);
            Forget(table, existing);
            return () => reference.Delete(table, existing);
        }
        var newId = table == "users" ? _nextUser++ : _nextOrder++;
        var moved = NewRow(table, newId);
        await ShopReference.UpdateAsync(connection, tx, table, existing, moved);
        Forget(table, existing);
        Remember(table, newId, moved);
        return () => reference.ChangeKey(table, existing, moved);
    }

    // The rows as the open transaction sees them (the reference only learns them at commit).
    private readonly Dictionary<string, Dictionary<long, System.Text.Json.Nodes.JsonObject>> _pending = new() { ["users"] = [], ["orders"] = [] };
    private bool _pendingLoaded;

    private List<long> Pending(string table)
    {
        if (!_pendingLoaded)
        {
            foreach (var t in new[] { "users", "orders" })
                foreach (var id in reference.Ids(t)) _pending[t][id] = reference.Row(t, id);
            _pendingLoaded = true;
        }
        return [.. _pending[table].Keys];
    }

    private void Remember(string table, long id, System.Text.Json.Nodes.JsonObject row) => _pending[table][id] = row;

    private void Forget(string table, long id) => _pending[table].Remove(id);

    private System.Text.Json.Nodes.JsonObject NewRow(string table, long id) => table == "users"
        ? ShopReference.User(id, $"name {_random.Next(1_000_000)}", _random.Next(4) == 0 ? null : $"m{_random.Next(1_000_000)}@example.com")
        : ShopReference.Order(id, _random.Next(1, 500), Math.Round((decimal)_random.NextDouble() * 10_000m, 2), Statuses[_random.Next(Statuses.Length)]);
}
