namespace Streaming.Bench.Journal;

/// <summary>One event for the journal, written on behalf of the persistent actor that owns <paramref name="PersistenceId"/>.</summary>
public sealed record JournalWrite(string PersistenceId, long SequenceNr, object Payload);
