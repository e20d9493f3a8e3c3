using Microsoft.Data.Sqlite;
using Npgsql;

namespace Streaming.Nodes;

/// <summary>Opens the configured database once at start, so that an unreachable one ends the node with one clear line instead of failing every checkpoint later.</summary>
public static class DatabaseCheck
{
    public static void Ensure(string provider, string connectionString, string? freshFile)
    {
        try
        {
            if (provider == "postgresql")
            {
                var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 10 };
                using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Open();
                return;
            }
            var sqlite = new SqliteConnectionStringBuilder(connectionString);
            var file = Path.GetFullPath(sqlite.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            if (freshFile is not null)
                foreach (var path in new[] { freshFile, freshFile + "-wal", freshFile + "-shm" }) File.Delete(path);
            SqliteWriteAheadLog.Enable(sqlite.ConnectionString);
        }
        catch (Exception e) when (e is NpgsqlException or SqliteException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new StartupException($"cannot open the {provider} database ({e.Message.TrimEnd('.')}): check Streaming__Persistence__ConnectionString / Streaming__Persistence__DataDirectory", e);
        }
    }
}
