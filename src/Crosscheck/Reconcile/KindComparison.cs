using System.Text.Json;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>Compares one result kind's records of both sides for a range of result event time (pure).</summary>
internal static class KindComparison
{
    private sealed record Placed(string Id, DateTimeOffset Time, JsonElement Value, string Origin);

    public static (KindSummary Summary, List<Difference> Differences) Compare(
        ResultKind kind, IReadOnlyList<SideRecord> left, IReadOnlyList<SideRecord> right, DateTimeOffset from, DateTimeOffset to, CrosscheckTolerances tolerances)
    {
        var differences = new List<Difference>();
        var (leftById, leftUnreadable) = Index(kind, left, "left", tolerances, differences);
        var (rightById, rightUnreadable) = Index(kind, right, "right", tolerances, differences);
        var conflicts = differences.Count(d => d.Type == DifferenceType.Conflict);
        bool InRange(Placed p) => p.Time >= from && p.Time < to;

        // An id is in the range when either side's record is, so a record whose time moved across a boundary is
        // reported as differing rather than as missing.
        var ids = leftById.Values.Where(InRange).Select(p => p.Id)
            .Union(rightById.Values.Where(InRange).Select(p => p.Id), StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var onlyLeft = new List<Placed>();
        var onlyRight = new List<Placed>();
        long matched = 0, differing = 0;
        foreach (var id in ids)
        {
            var l = leftById.GetValueOrDefault(id);
            var r = rightById.GetValueOrDefault(id);
            if (l is not null && r is not null)
            {
                Pair(kind, id, l, r, null, tolerances, differences, ref matched, ref differing);
            }
            else if (l is not null)
            {
                onlyLeft.Add(l);
            }
            else
            {
                onlyRight.Add(r!);
            }
        }

        if (kind == ResultKind.Alerts && tolerances.MatchAlertsByNaturalKey)
        {
            MatchByNaturalKey(kind, onlyLeft, onlyRight, tolerances, differences, ref matched, ref differing);
        }

        differences.AddRange(onlyLeft.Select(p => new Difference(kind, DifferenceType.Missing, p.Id, null, p.Value, null, p.Origin)));
        differences.AddRange(onlyRight.Select(p => new Difference(kind, DifferenceType.Extra, p.Id, null, null, p.Value, p.Origin)));
        differences.Sort((a, b) => a.Type != b.Type ? a.Type.CompareTo(b.Type)
            : string.CompareOrdinal(a.Id, b.Id) is var byId and not 0 ? byId
            : string.CompareOrdinal(a.Field, b.Field));
        var summary = new KindSummary(
            kind,
            leftById.Values.Count(InRange),
            rightById.Values.Count(InRange),
            matched,
            onlyLeft.Count,
            onlyRight.Count,
            differing,
            conflicts,
            leftUnreadable + rightUnreadable);
        return (summary, differences);
    }

    private static void Pair(ResultKind kind, string id, Placed l, Placed r, string? note, CrosscheckTolerances tolerances, List<Difference> differences, ref long matched, ref long differing)
    {
        var fields = JsonFieldDiff.Compare(l.Value, r.Value, tolerances);
        if (fields.Count == 0)
        {
            matched++;
            return;
        }

        differing++;
        differences.AddRange(fields.Select(f => new Difference(kind, DifferenceType.Differs, id, f.Path, f.Left, f.Right, note)));
    }

    private static void MatchByNaturalKey(ResultKind kind, List<Placed> onlyLeft, List<Placed> onlyRight, CrosscheckTolerances tolerances, List<Difference> differences, ref long matched, ref long differing)
    {
        var leftKeys = UniqueKeys(onlyLeft);
        var rightKeys = UniqueKeys(onlyRight);
        foreach (var (key, l) in leftKeys)
        {
            if (!rightKeys.TryGetValue(key, out var r))
            {
                continue;
            }

            onlyLeft.Remove(l);
            onlyRight.Remove(r);
            Pair(kind, l.Id, l, r, $"matched by rule, user_id, order_id and event_time to {r.Id}", tolerances, differences, ref matched, ref differing);
        }
    }

    private static Dictionary<string, Placed> UniqueKeys(List<Placed> alerts) =>
        alerts.Select(a => (Key: ResultKinds.NaturalKey(a.Value), Alert: a))
            .Where(x => x.Key is not null)
            .GroupBy(x => x.Key!, StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single().Alert, StringComparer.Ordinal);

    private static (Dictionary<string, Placed> ById, long Unreadable) Index(ResultKind kind, IReadOnlyList<SideRecord> records, string side, CrosscheckTolerances tolerances, List<Difference> differences)
    {
        var byId = new Dictionary<string, Placed>(StringComparer.Ordinal);
        var conflicting = new HashSet<string>(StringComparer.Ordinal);
        long unreadable = 0;
        foreach (var record in records)
        {
            var problem = record.Problem ?? "the record has no value";
            if (record.Value is not { } value || !ResultKinds.TryIdentify(kind, value, out var id, out var time, out problem))
            {
                unreadable++;
                differences.Add(new Difference(kind, DifferenceType.Unreadable, record.Origin, null,
                    side == "left" ? record.Value : null, side == "right" ? record.Value : null, $"{side}: {problem}"));
                continue;
            }

            var placed = new Placed(id, time, value, record.Origin);
            if (!byId.TryGetValue(id, out var seen))
            {
                byId[id] = placed;
                continue;
            }

            // A re-delivery with the same content is what effectively-once allows; a different content is not.
            if (JsonFieldDiff.Compare(seen.Value, value, tolerances).Count > 0 && conflicting.Add(id))
            {
                differences.Add(new Difference(kind, DifferenceType.Conflict, id, null,
                    side == "left" ? seen.Value : null, side == "right" ? seen.Value : null,
                    $"{side}: published twice with different contents, at {seen.Origin} and {record.Origin}"));
            }
        }

        return (byId, unreadable);
    }
}
