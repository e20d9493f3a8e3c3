using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streaming.Bench.Journal;
using Streaming.Nodes;
using Streaming.TestSupport;

namespace Streaming.Bench;

/// <summary>
/// What Akka.Persistence.Sql costs per entity, which decides the engine's design: N persistent actors
/// each persisting one event at once (one transaction each), the same N events written for N
/// persistence ids in one <see cref="JournalWriter"/> request (one transaction), and N actors
/// recovering those ids at once (an entity activation).
/// </summary>
internal static class JournalBench
{
    private sealed class Probe : ReceivePersistentActor
    {
        public Probe(string id)
        {
            PersistenceId = id;
            Recover<string>(_ => { });
            Command<string>(m =>
            {
                if (m == "ping")
                {
                    Sender.Tell(LastSequenceNr);
                    return;
                }
                var sender = Sender;
                Persist(m, _ => sender.Tell(LastSequenceNr));
            });
        }

        public override string PersistenceId { get; }
    }

    public static async Task RunAsync(BenchOptions o)
    {
        var n = o.Entities;
        var work = Directory.CreateTempSubdirectory("streaming-journalbench-");
        var lines = await ProviderRuns.RunAsync(o, (provider, postgres, run) => RunOnceAsync(n, work.FullName, provider, postgres, run), line => line);
        foreach (var line in lines) Console.WriteLine(line);
    }

    private static async Task<string> RunOnceAsync(int n, string work, string provider, PostgresServer? postgres, int run)
    {
        string connectionString, providerName;
        if (postgres is not null)
        {
            connectionString = await postgres.CreateDatabaseAsync($"journal{run}");
            providerName = ProviderName.PostgreSQL15;
        }
        else
        {
            connectionString = $"Data Source={Path.Combine(work, $"journal{run}.db")}";
            providerName = ProviderName.SQLiteMS;
            SqliteWriteAheadLog.Enable(connectionString);
        }
        using var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .ConfigureServices(s => s.AddAkka($"journalbench{run}", (b, _) => b.WithSqlPersistence(connectionString, providerName, autoInitialize: true)))
            .Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var timeout = TimeSpan.FromMinutes(5);

        var actors = Enumerable.Range(0, n).Select(i => system.ActorOf(Props.Create(() => new Probe($"single-{i}")))).ToArray();
        await Task.WhenAll(actors.Select(a => a.Ask<long>("ping", timeout)));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(actors.Select(a => a.Ask<long>("event", timeout)));
        var single = n / clock.Elapsed.TotalSeconds;

        var writer = JournalWriters.For(system);
        await writer.Ask<JournalWritten>(new WriteToJournal([new JournalWrite("warm", 1, "event")]), timeout);
        clock.Restart();
        var written = await writer.Ask<JournalWritten>(new WriteToJournal([.. Enumerable.Range(0, n).Select(i => new JournalWrite($"batch-{i}", 1, "event"))]), timeout);
        var batched = n / clock.Elapsed.TotalSeconds;
        if (written.Error is { } error) throw new InvalidOperationException("batched write failed: " + error);

        clock.Restart();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var recovered = Enumerable.Range(0, n).Select(i => system.ActorOf(Props.Create(() => new Probe($"batch-{i}")))).ToArray();
        var sequenceNrs = await Task.WhenAll(recovered.Select(a => a.Ask<long>("ping", timeout)));
        var recoveries = n / clock.Elapsed.TotalSeconds;
        var cpuPerRecovery = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / n;
        if (sequenceNrs.Any(s => s != 1)) throw new InvalidOperationException("a recovered actor did not see its event");

        var result = string.Create(CultureInfo.InvariantCulture,
            $"{provider,-10} run {run}: {n:N0} entities: Persist one event each {single,9:N0}/s   one JournalWriter request {batched,9:N0}/s   recoveries {recoveries,7:N0}/s ({cpuPerRecovery:N2} ms of this process's CPU each)");
        await host.StopAsync();
        // The next run's system opens its own pool; PostgreSQL's max_connections would not fit both.
        Npgsql.NpgsqlConnection.ClearAllPools();
        return result;
    }
}
