using Akka.Actor;
using Akka.Persistence;

namespace Streaming.Bench.Journal;

/// <summary>The actor system's <see cref="JournalWriter"/> for the default journal, created on first use.</summary>
public sealed class JournalWriters : ExtensionIdProvider<JournalWriters.Extension>
{
    public sealed class Extension(ExtendedActorSystem system) : IExtension
    {
        public IActorRef Writer { get; } =
            system.SystemActorOf(JournalWriter.Props(Persistence.Instance.Apply(system).JournalFor(null)), "journal-writer");
    }

    public override Extension CreateExtension(ExtendedActorSystem system) => new(system);

    public static IActorRef For(ActorSystem system) => system.WithExtension<Extension, JournalWriters>().Writer;
}
