using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Anomalies;

/// <summary>Builds <see cref="AnomalyAlert"/>s with their deterministic ids.</summary>
public static class AlertFactory
{
    /// <summary>
    /// The alert id: the first 32 lowercase hex digits of SHA-256 over UTF-8 <c>RULE|user_id|id1,id2,…</c>.
    /// </summary>
    public static string AlertId(AnomalyRule rule, string userId, IEnumerable<string> eventIds)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(eventIds);
        var text = rule.ToWire() + "|" + userId + "|" + string.Join(',', eventIds);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash, 0, 16);
    }

    /// <summary>An alert triggered by <paramref name="trigger"/> with the given evidence (events in order, values canonicalized).</summary>
    internal static AnomalyAlert Create(
        AnomalyRule rule,
        AlertSeverity severity,
        string userId,
        EvidenceEvent trigger,
        DateTimeOffset detectedAt,
        string description,
        IEnumerable<EvidenceEvent> events,
        IEnumerable<(string Name, decimal Value)> values)
    {
        var evidence = events.ToImmutableArray();
        return new AnomalyAlert(
            AlertId(rule, userId, evidence.Select(e => e.EventId)),
            rule,
            severity,
            userId,
            trigger.OrderId,
            trigger.Amount,
            trigger.EventTime,
            detectedAt.ToUniversalTime(),
            description,
            new AlertEvidence(
                evidence,
                values.ToImmutableSortedDictionary(v => v.Name, v => AnomalyText.Canonical(v.Value), StringComparer.Ordinal)));
    }
}
