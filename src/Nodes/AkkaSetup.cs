using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using LinqToDB;
using Npgsql;
using Streaming.Api.Ingest;
using Streaming.Engine.Combining;
using Streaming.Engine.Entities;
using Streaming.Engine.Hosting;
using Streaming.Engine.Processing;
using Streaming.Engine.State;
using Streaming.Queries;
using Streaming.Streams.Broker;

namespace Streaming.Nodes;

/// <summary>The actor system and engine of a node: remoting, cluster, SQL persistence, the keyed state backend, the analytics' shard regions.</summary>
public static class AkkaSetup
{
    public static IServiceCollection AddStreamingAkka(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<Analytics.Keyed.IAnalyticModule> modules)
    {
        var cluster = NodeClusterOptions.From(configuration).Validate();
        var persistence = configuration.GetSection(PersistenceOptions.Section).Get<PersistenceOptions>() ?? new PersistenceOptions();
        var engine = configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
        var eventTime = configuration.GetSection("Streaming:Analytics").Get<EventTimeOptions>() ?? new EventTimeOptions();
        engine.LostRecordsPolicy(embedded: false);
        var parts = new EngineParts(AnalyticModules.Create(configuration, modules));
        var hosts = cluster.EffectiveRoles.Contains(EngineShards.ProcessorRole);
        services.AddHealthChecks();
        services.AddSingleton(engine);
        services.AddSingleton(eventTime);
        services.AddSingleton(cluster);
        services.AddSingleton(parts);
        services.AddSingleton(new ProcessorGroup(engine.GroupId) { Topics = parts.InputTopics });
        services.AddSingleton(_ => new EngineMetrics(parts.Analytics.Select(a => a.Metric).OfType<Analytics.Keyed.ResultMetric>()));
        services.AddSingleton<IEngineStatus>(sp => sp.GetRequiredService<EngineMetrics>());

        var embeddedBroker = string.IsNullOrWhiteSpace(configuration["Streaming:Kafka:BootstrapServers"]);
        var (connectionString, provider) = Database(persistence, embeddedBroker);
        IPartitionStore store = provider == ProviderName.PostgreSQL15
            ? new PostgresPartitionStore(NpgsqlDataSource.Create(connectionString))
            : new SqlitePartitionStore(connectionString);
        var backend = new StateBackend(store, new StateCache(engine.StateCacheBytes));
        services.AddSingleton(backend);
        services.AddSingleton<ILiveQueries>(sp => new LiveQueries(parts.Analytics, () => parts.Regions, sp.GetRequiredService<TopicAdmin>(), TimeSpan.FromSeconds(5)));
        services.AddSingleton<IClusterAdmin>(sp => new ClusterAdmin(sp.GetRequiredService<ActorSystem>()));
        services.AddSingleton<ClusterMetrics>();
        services.AddSingleton<IShardingAdmin>(sp => new ShardingAdmin(sp.GetRequiredService<ActorSystem>(), parts));
        services.AddSingleton<IPartitionCheckpoints>(new StoredCheckpoints(store));
        if (hosts) services.AddSingleton<IStateAdmin>(sp => new PartitionStateAdmin(sp.GetRequiredService<ActorSystem>(), backend, parts.InputTopics));

        services.AddAkka(cluster.SystemName, (builder, serviceProvider) =>
        {
            builder
                // Akka's own log lines go through the host's logging (structured, same format and filters).
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithRemoting(cluster.Hostname, cluster.Port)
                .WithClusterFormation(cluster)
                .WithActorSystemLivenessCheck()
                .WithAkkaClusterReadinessCheck()
                .WithSqlPersistence(connectionString, provider, autoInitialize: true)
                .AddHocon(JournalTuning(provider), HoconAddMode.Prepend)
                // Without a Hosting API: the host stops the actor system after the engine drained (hosted services stop in
                // reverse order); Akka's own process-exit hook would shut the cluster down while the engine still checkpoints.
                .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend)
                .WithCustomSerializer("streaming-engine",
                    [typeof(IEntityMessage), typeof(IEntityReply), typeof(EntityQueried), typeof(CombinerContribution), typeof(CombinerAccepted), typeof(CombinerSnapshot)],
                    system => new EngineSerializer(system))
                .AddStartup(async (system, _) =>
                {
                    // A node without seed nodes (and without bootstrap) forms its own cluster.
                    if (cluster.Formation == "seeds" && cluster.SeedNodes.Length == 0) JoinSelf(system);
                    serviceProvider.GetRequiredService<ClusterMetrics>().Attach(new ClusterAdmin(system));
                    try
                    {
                        parts.Started(await EngineShards.StartAsync(system, parts.Analytics, backend, engine, TimeProvider.System, hosts));
                    }
                    catch (Exception e)
                    {
                        parts.Failed(e);
                        throw;
                    }
                });
        });
        return services;
    }

    /// <summary>The node forms a cluster of its own.</summary>
    public static void JoinSelf(ActorSystem system)
    {
        var self = Akka.Cluster.Cluster.Get(system);
        self.Join(self.SelfAddress);
    }

    /// <summary>
    /// Journal settings that Akka.Persistence.Sql.Hosting does not expose. Parameters: without them a journal write is
    /// one SQL text with every payload inlined as a hex literal, twice the bytes to build and for the database to parse
    /// (a checkpoint carries up to megabytes of entity states). One writer on SQLite: the plugin writes with three by
    /// default, SQLite lets one hold the write lock, and Microsoft.Data.Sqlite answers a busy database by sleeping
    /// 150 ms before it retries, so concurrent writers would make checkpoints wait on sleeps rather than on work.
    /// </summary>
    private static string JournalTuning(string provider) =>
        "akka.persistence.journal.sql.prefer-parameters-on-multirow-insert = true"
        + (provider == ProviderName.SQLiteMS ? "\nakka.persistence.journal.sql.parallelism = 1" : "");

    /// <summary>The journal's connection string and provider, after opening the database once (see <see cref="DatabaseCheck"/>).</summary>
    private static (string ConnectionString, string Provider) Database(PersistenceOptions options, bool embeddedBroker)
    {
        var (provider, connectionString, fresh) = options.Resolve(embeddedBroker);
        DatabaseCheck.Ensure(provider, connectionString, fresh);
        var store = provider == "postgresql" ? (IPartitionStore)new PostgresPartitionStore(NpgsqlDataSource.Create(connectionString)) : new SqlitePartitionStore(connectionString);
        try
        {
            store.InitializeAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is System.Data.Common.DbException)
        {
            throw new StartupException($"cannot create the state tables in the {provider} database ({e.Message.TrimEnd('.')}): check Streaming__Persistence__ConnectionString", e);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
        return (connectionString, provider == "postgresql" ? ProviderName.PostgreSQL15 : ProviderName.SQLiteMS);
    }
}
