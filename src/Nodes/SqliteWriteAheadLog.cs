namespace Streaming.Nodes;

/// <summary>
/// Puts a SQLite database in WAL mode: readers no longer wait for the checkpoint writes, and a commit
/// costs one sync instead of several, and writers meet far fewer lock waits, which Microsoft.Data.Sqlite
/// retries with sleeps (docs/benchmarks.md, journal). The mode is stored in the database file.
/// </summary>
public static class SqliteWriteAheadLog
{
    public static void Enable(string connectionString)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
