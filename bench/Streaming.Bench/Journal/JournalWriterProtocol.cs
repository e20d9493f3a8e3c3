using System.Collections.Immutable;

namespace Streaming.Bench.Journal;

/// <summary>Write these events in one journal request (Akka.Persistence.Sql: one transaction).</summary>
public sealed record WriteToJournal(ImmutableArray<JournalWrite> Writes);

/// <summary>All writes of a <see cref="WriteToJournal"/> are settled: durable when <paramref name="Error"/> is null.</summary>
public sealed record JournalWritten(int Count, string? Error);

/// <summary>Delete an actor's events up to and including <paramref name="ToSequenceNr"/> (fire and forget; failures are logged).</summary>
public sealed record DeleteFromJournal(string PersistenceId, long ToSequenceNr);
