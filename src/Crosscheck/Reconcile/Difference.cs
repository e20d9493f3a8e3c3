using System.Text.Json;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>One disagreement between the two sides.</summary>
/// <param name="Kind">The result kind.</param>
/// <param name="Type">What kind of disagreement.</param>
/// <param name="Id">The result id (for <see cref="DifferenceType.Unreadable"/>: where the record is, <c>topic/partition/offset</c>).</param>
/// <param name="Field">For <see cref="DifferenceType.Differs"/>: the field's path, e.g. <c>event_count</c> or <c>evidence.events[1].event_id</c>.</param>
/// <param name="Left">The left value (the whole record when it is missing on the right), or null.</param>
/// <param name="Right">The right value (the whole record when it is extra), or null.</param>
/// <param name="Note">More about it: which side for a conflict, why a record is unreadable, a natural-key match.</param>
public sealed record Difference(ResultKind Kind, DifferenceType Type, string Id, string? Field, JsonElement? Left, JsonElement? Right, string? Note = null);
