using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Streaming.Analytics.Anomalies;

/// <summary>
/// One user's anomaly-rule state (see <see cref="UserAnomalyLogic"/>). Immutable; equality is structural.
/// </summary>
public sealed record UserAnomalyState
{
    /// <summary>Creates a state; normally only <see cref="UserAnomalyLogic"/> does this (and deserialization).</summary>
    [JsonConstructor]
    public UserAnomalyState(
        string userId,
        ImmutableArray<OrderActivity> buffer,
        ImmutableSortedDictionary<string, OrderMemo> orders,
        ImmutableArray<EvidenceEvent> recentCreated,
        ImmutableArray<EvidenceEvent> pendingFailures,
        DateTimeOffset? lastHighFrequencyAlert,
        long createdCount,
        decimal createdSum)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentOutOfRangeException.ThrowIfNegative(createdCount);
        UserId = userId;
        Buffer = ReleaseOrder.Sorted(buffer);
        Orders = orders.WithComparers(StringComparer.Ordinal);
        RecentCreated = recentCreated.IsDefault ? [] : recentCreated;
        PendingFailures = pendingFailures.IsDefault ? [] : pendingFailures;
        LastHighFrequencyAlert = lastHighFrequencyAlert?.ToUniversalTime();
        CreatedCount = createdCount;
        CreatedSum = createdSum;
    }

    /// <summary>The user.</summary>
    public string UserId { get; }

    /// <summary>Accepted events not yet released to the ordered rules, by (event time, event id).</summary>
    public ImmutableArray<OrderActivity> Buffer { get; }

    /// <summary>Per-order memory, by order id.</summary>
    [JsonConverter(typeof(OrderMemosJsonConverter))]
    public ImmutableSortedDictionary<string, OrderMemo> Orders { get; }

    /// <summary>Counted <c>created</c> events within the frequency window of the latest one, in processing order.</summary>
    public ImmutableArray<EvidenceEvent> RecentCreated { get; }

    /// <summary>Unconsumed <c>payment_failed</c> events that can still be part of a CARD_TESTING match, in processing order.</summary>
    public ImmutableArray<EvidenceEvent> PendingFailures { get; }

    /// <summary>Event time of the last HIGH_FREQUENCY alert, or null.</summary>
    public DateTimeOffset? LastHighFrequencyAlert { get; }

    /// <summary>How many created orders were counted (the AMOUNT_SPIKE history).</summary>
    public long CreatedCount { get; }

    /// <summary>The sum of their amounts.</summary>
    public decimal CreatedSum { get; }

    /// <summary>The state of a user with no events.</summary>
    public static UserAnomalyState Empty(string userId) =>
        new(userId, [], ImmutableSortedDictionary<string, OrderMemo>.Empty, [], [], null, 0, 0m);

    /// <inheritdoc />
    public bool Equals(UserAnomalyState? other) =>
        other is not null
        && string.Equals(UserId, other.UserId, StringComparison.Ordinal)
        && Buffer.SequenceEqual(other.Buffer)
        && Orders.SequenceEqual(other.Orders)
        && RecentCreated.SequenceEqual(other.RecentCreated)
        && PendingFailures.SequenceEqual(other.PendingFailures)
        && LastHighFrequencyAlert == other.LastHighFrequencyAlert
        && CreatedCount == other.CreatedCount
        && CreatedSum == other.CreatedSum;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(UserId, Buffer.Length, Orders.Count, CreatedCount);
}
