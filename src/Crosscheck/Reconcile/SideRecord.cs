using System.Text.Json;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>A result record one side holds, with where it came from (<c>topic/partition/offset</c>, or the engine's name).</summary>
/// <param name="Origin">Where it came from.</param>
/// <param name="Value">The record, or null when it could not be parsed.</param>
/// <param name="Problem">Why it could not be parsed, or null.</param>
internal sealed record SideRecord(string Origin, JsonElement? Value, string? Problem);

/// <summary>What one side holds for each result kind asked for, and what it has to say about itself.</summary>
internal sealed record SideRecords(IReadOnlyDictionary<Results.ResultKind, IReadOnlyList<SideRecord>> Records, IReadOnlyList<string> Notes);
