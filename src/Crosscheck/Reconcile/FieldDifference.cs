using System.Text.Json;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>One field that differs between two records: its path and both values (null where a side lacks it).</summary>
public sealed record FieldDifference(string Path, JsonElement? Left, JsonElement? Right);
