using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using LinqToDB;
using Streaming.Actors.Engine;
using Streaming.Actors.Entities;
using SessionOptions = Streaming.Actors.Sessions.SessionOptions;

namespace Streaming.Nodes;

/// <summary>The actor system of a node: remoting, cluster, SQL persistence, the entity shard regions.</summary>
public static class AkkaSetup
{
    public static IServiceCollection AddStreamingAkka(this IServiceCollection services, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(NodeClusterOptions.Section).Get<NodeClusterOptions>() ?? new NodeClusterOptions();
        var persistence = configuration.GetSection(PersistenceOptions.Section).Get<PersistenceOptions>() ?? new PersistenceOptions();
        var engine = configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
        var analytics = configuration.GetSection(AnalyticsOptions.Section).Get<AnalyticsOptions>() ?? new AnalyticsOptions();
        services.AddSingleton(engine);
        services.AddSingleton(analytics);
        services.AddSingleton(cluster);
        if (cluster.EffectiveRoles.Contains("processor"))
            services.AddSingleton(sp => new PartitionStateAdmin(sp.GetRequiredService<ActorRegistry>().Get<PartitionCheckpointRegion>(), engine));

        var embeddedBroker = string.IsNullOrWhiteSpace(configuration["Streaming:Kafka:BootstrapServers"]);
        var (connectionString, provider) = Database(persistence, embeddedBroker);
        engine.LostRecordsPolicy(embedded: false);
        var sessionOptions = new SessionOptions(analytics.SessionGap);
        var popularity = analytics.Popularity();
        var anomalies = analytics.Anomalies();
        var shardOptions = EntityShardOptions(engine);
        var extractor = new EntityMessageExtractor(engine.Shards);

        services.AddAkka(cluster.SystemName, (builder, _) =>
        {
            builder
                // Akka's own log lines go through the host's logging (structured, same format and filters).
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithRemoting(cluster.Hostname, cluster.Port)
                .WithClustering(new ClusterOptions { Roles = [.. cluster.EffectiveRoles], SeedNodes = cluster.SeedNodes })
                .WithSqlPersistence(connectionString, provider, autoInitialize: true)
                .AddHocon(JournalTuning(provider), HoconAddMode.Prepend)
                // Without a Hosting API: the host stops the actor system after the engine drained (hosted services stop in
                // reverse order); Akka's own process-exit hook would shut the cluster down while the engine still checkpoints.
                .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend)
                .WithCustomSerializer("streaming-engine", EngineSerializer.Types, system => new EngineSerializer(system))
                .WithShardRegion<UserSessionRegion>("user-session", (_, registry) =>
                    id => UserSessionEntity.Props(id, sessionOptions, registry.Get<PartitionCheckpointRegion>()), extractor, shardOptions)
                .WithShardRegion<PartitionCheckpointRegion>("partition-checkpoint", id => PartitionCheckpointEntity.Props(id, engine.CompactionCheckpoints), extractor, shardOptions)
                .WithShardRegion<ProductWindowsRegion>("product-windows", (_, registry) =>
                    id => ProductWindowsEntity.Props(id, popularity, registry.Get<PartitionCheckpointRegion>()), extractor, shardOptions)
                .WithShardRegion<UserAnomalyRegion>("user-anomaly", (_, registry) =>
                    id => UserAnomalyEntity.Props(id, anomalies, analytics.RecentAlerts, registry.Get<PartitionCheckpointRegion>()), extractor, shardOptions)
                .WithShardRegion<OrderLifecycleRegion>("order-lifecycle", (_, registry) =>
                    id => OrderLifecycleEntity.Props(id, anomalies, registry.Get<PartitionCheckpointRegion>()), extractor, shardOptions)
                .WithShardRegion<TrendingRegion>("trending", id => TrendingEntity.Props(id, popularity, engine.SnapshotEvery), extractor, shardOptions)
                .AddStartup((system, _) =>
                {
                    // A node without seed nodes forms its own cluster.
                    if (cluster.SeedNodes.Length == 0) JoinSelf(system);
                });
        });
        return services;
    }

    /// <summary>How the engine's entity regions shard: on processors, passivating idle entities (one periodic check per shard, not a timer per message).</summary>
    public static ShardOptions EntityShardOptions(EngineOptions engine) => new()
    {
        Role = "processor",
        RememberEntities = false,
        StateStoreMode = StateStoreMode.DData,
        ShouldPassivateIdleEntities = true,
        PassivateIdleEntityAfter = engine.PassivateAfter,
    };

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
    /// 150 ms before it retries — measured as checkpoint and alert-stamp writes of ~145 ms that had waited on nothing else.
    /// </summary>
    private static string JournalTuning(string provider) =>
        "akka.persistence.journal.sql.prefer-parameters-on-multirow-insert = true"
        + (provider == ProviderName.SQLiteMS ? "\nakka.persistence.journal.sql.parallelism = 1" : "");

    /// <summary>The journal's connection string and provider, after opening the database once (see <see cref="DatabaseCheck"/>).</summary>
    private static (string ConnectionString, string Provider) Database(PersistenceOptions options, bool embeddedBroker)
    {
        var (provider, connectionString, fresh) = options.Resolve(embeddedBroker);
        DatabaseCheck.Ensure(provider, connectionString, fresh);
        return (connectionString, provider == "postgresql" ? ProviderName.PostgreSQL15 : ProviderName.SQLiteMS);
    }
}
