using Akka.Actor;
using Akka.Configuration;

namespace Streaming.Actors.Tests.Entities;

/// <summary>An actor system whose journal and snapshot store live in memory (they survive an actor's restart, not the system's).</summary>
internal static class InMemoryPersistence
{
    public static ActorSystem CreateSystem(string name) =>
        ActorSystem.Create(name, ConfigurationFactory.ParseString("""
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            akka.loglevel = WARNING
            """));
}
