using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;

namespace Streaming.Crosscheck.Engine;

/// <summary>One in-memory DuckDB database holding a batch, with the settings as SQL variables.</summary>
internal sealed class EngineSession : IDisposable
{
    private readonly DuckDBConnection _connection;

    private EngineSession(DuckDBConnection connection) => _connection = connection;

    public DuckDBConnection Connection => _connection;

    public static EngineSession Open(DuckDbEngineOptions options)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            var session = new EngineSession(connection);
            session.Execute("schema.sql");
            session.SetVariables(options);
            return session;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs a script's statements.</summary>
    public void Execute(string script)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = SqlScripts.Load(script);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a query script and maps each row.</summary>
    public List<T> Query<T>(string script, Func<DbDataReader, T> map)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = SqlScripts.Load(script);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public void Dispose() => _connection.Dispose();

    private void SetVariables(DuckDbEngineOptions o)
    {
        var statements = new (string Name, string Value)[]
        {
            ("bound_ms", Ms(o.OutOfOrderness)),
            ("gap_ms", Ms(o.SessionGap)),
            ("size_ms", Ms(o.ProductWindow)),
            ("slide_ms", Ms(o.ProductSlide)),
            ("top_n", Int(o.TrendingTopN)),
            ("high_value", Amount(o.HighValueThreshold)),
            ("critical_value", Amount(o.CriticalValueThreshold)),
            ("frequency_window_ms", Ms(o.FrequencyWindow)),
            ("frequency_count", Int(o.FrequencyCount)),
            ("spike_factor", Factor(o.SpikeFactor)),
            ("spike_min_history", Int(o.SpikeMinHistory)),
            ("card_failures", Int(o.CardTestingFailures)),
            ("card_window_ms", Ms(o.CardTestingWindow)),
            ("mismatch_tolerance", Factor(o.MismatchTolerance)),
            ("stall_timeout_ms", Ms(o.StallTimeout)),
        };
        using var command = _connection.CreateCommand();
        command.CommandText = string.Concat(statements.Select(s => $"SET VARIABLE {s.Name} = {s.Value};\n"));
        command.ExecuteNonQuery();
    }

    private static string Ms(TimeSpan value) => (value.Ticks / TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture) + "::BIGINT";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture) + "::BIGINT";

    private static string Amount(decimal value) => value.ToString(CultureInfo.InvariantCulture) + "::DECIMAL(38,10)";

    private static string Factor(decimal value) => value.ToString(CultureInfo.InvariantCulture) + "::DECIMAL(18,6)";
}
