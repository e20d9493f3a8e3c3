using Streaming.TestSupport;

namespace Streaming.Bench;

/// <summary>The runs of a persistence benchmark: per provider of <c>--persistence</c>, <c>--runs</c> times.</summary>
internal static class ProviderRuns
{
    public static IReadOnlyList<string> Providers(BenchOptions o) => o.Persistence == "both" ? ["sqlite", "postgresql"] : [o.Persistence];

    /// <summary>Runs each provider's runs (PostgreSQL: one throwaway server for all of them) and prints each result's line on stderr.</summary>
    public static async Task<IReadOnlyList<T>> RunAsync<T>(BenchOptions o, Func<string, PostgresServer?, int, Task<T>> runOnce, Func<T, string> line)
    {
        var results = new List<T>();
        foreach (var provider in Providers(o))
        {
            await using var postgres = provider == "postgresql" ? await PostgresServer.StartAsync() : null;
            for (var run = 1; run <= o.Runs; run++)
            {
                var result = await runOnce(provider, postgres, run);
                Console.Error.WriteLine($"  {line(result)}");
                results.Add(result);
            }
        }
        return results;
    }
}
