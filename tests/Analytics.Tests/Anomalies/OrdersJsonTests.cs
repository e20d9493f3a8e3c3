using System.Collections.Immutable;
using System.Text.Json;
using Streaming.Analytics.Anomalies;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Tests.Anomalies;

public sealed class OrdersJsonTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 10, 0, 0, 123, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2024, 1, 1, 10, 0, 1, 5, TimeSpan.Zero);

    [Fact]
    public void SerializesTheSpecAlert()
    {
        var e = new OrderActivity("e-1", "o-1", "u-1", T0, OrderStatus.Created, 5_000_000.00m, null);
        var alert = Assert.Single(UserAnomalyLogic.Apply(UserAnomalyState.Empty("u-1"), e, DateTimeOffset.MinValue, Now, AnomalyOptions.Default).Outputs);
        var json = JsonSerializer.Serialize(alert, OrdersJsonContext.Default.AnomalyAlert);
        var id = AlertFactory.AlertId(AnomalyRule.HighValue, "u-1", ["e-1"]);
        Assert.Equal(
            "{\"alert_id\":\"" + id + "\"" + ""","rule":"HIGH_VALUE","severity":"CRITICAL","user_id":"u-1","order_id":"o-1","amount":5000000.00,"event_time":"2024-01-01T10:00:00.123Z","detected_at":"2024-01-01T10:00:01.005Z","description":"order o-1 of user u-1 has total 5000000 at or above the critical threshold 5000000","evidence":{"events":[{"event_id":"e-1","order_id":"o-1","status":"created","amount":5000000.00,"event_time":"2024-01-01T10:00:00.123Z"}],"values":{"critical_threshold":5000000,"threshold":1000000}}}""",
            json);
        Assert.Equal(alert, JsonSerializer.Deserialize(json, OrdersJsonContext.Default.AnomalyAlert));
    }

    [Fact]
    public void EverythingButDetectedAtIsDeterministic()
    {
        var events = Enumerable.Range(0, 6).Select(i => new OrderActivity($"e{i}", $"o{i}", "u", T0.AddSeconds(i), OrderStatus.Created, i == 5 ? 9_000_000m : 100m, 1m)).ToList();
        List<AnomalyAlert> Alerts(IEnumerable<OrderActivity> order, DateTimeOffset detectedAt)
        {
            var state = UserAnomalyState.Empty("u");
            var alerts = new List<AnomalyAlert>();
            foreach (var e in order)
            {
                var r = UserAnomalyLogic.Apply(state, e, DateTimeOffset.MinValue, detectedAt, AnomalyOptions.Default);
                alerts.AddRange(r.Outputs);
                state = r.State;
            }

            alerts.AddRange(UserAnomalyLogic.Advance(state, DateTimeOffset.MaxValue, detectedAt, AnomalyOptions.Default).Outputs);
            return [.. alerts.Select(a => a with { DetectedAt = default }).OrderBy(a => a.AlertId, StringComparer.Ordinal)];
        }

        var first = Alerts(events, Now);
        Assert.Contains(first, a => a.Rule == AnomalyRule.HighFrequency);
        Assert.Contains(first, a => a.Rule == AnomalyRule.AmountSpike);
        Assert.Equal(first, Alerts(Enumerable.Reverse(events), Now.AddHours(1)));
    }

    [Fact]
    public void UserStateRoundTrips()
    {
        var state = UserAnomalyState.Empty("u");
        var events = new[]
        {
            new OrderActivity("a", "o1", "u", T0, OrderStatus.Created, 10m, 10m),
            new OrderActivity("b", "o1", "u", T0.AddSeconds(1), OrderStatus.PaymentFailed, 10m, null),
            new OrderActivity("c", "o2", "u", T0.AddSeconds(20), OrderStatus.Created, 12.5m, 99m),
        };
        foreach (var e in events)
        {
            state = UserAnomalyLogic.Apply(state, e, T0, Now, AnomalyOptions.Default).State;
        }

        state = UserAnomalyLogic.Advance(state, T0.AddSeconds(10), Now, AnomalyOptions.Default).State;

        Assert.NotEmpty(state.Buffer);
        Assert.NotEmpty(state.PendingFailures);
        var json = JsonSerializer.Serialize(state, OrdersJsonContext.Default.UserAnomalyState);
        var back = JsonSerializer.Deserialize(json, OrdersJsonContext.Default.UserAnomalyState)!;
        Assert.Equal(state, back);
        Assert.Equal(json, JsonSerializer.Serialize(back, OrdersJsonContext.Default.UserAnomalyState));
    }

    [Fact]
    public void OrderMemosAreWrittenAsTimeAndFlagsAndAnythingElseIsRefused()
    {
        var memos = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, OrderMemo>
        {
            ["o1"] = new(T0.AddMilliseconds(123), MismatchAlerted: true, CreatedCounted: false),
            ["o2"] = new(T0.AddDays(3), MismatchAlerted: false, CreatedCounted: true),
        });
        var state = new UserAnomalyState("u", [], memos, [], [], null, 2, 20m);
        // The object form of builds before the first release is not read: their data directories start fresh.
        const string objectForm = """
            {"user_id":"u","buffer":[],"orders":{"o1":{"last_event_time":"2024-01-01T10:00:00.246Z","mismatch_alerted":true,"created_counted":false}},
            "recent_created":[],"pending_failures":[],"last_high_frequency_alert":null,"created_count":2,"created_sum":20}
            """;

        var json = JsonSerializer.Serialize(state, OrdersJsonContext.Default.UserAnomalyState);

        Assert.Contains("\"orders\":{\"o1\":[" + T0.AddMilliseconds(123).ToUnixTimeMilliseconds() + ",1],\"o2\":[", json, StringComparison.Ordinal);
        Assert.Equal(state, JsonSerializer.Deserialize(json, OrdersJsonContext.Default.UserAnomalyState));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(objectForm, OrdersJsonContext.Default.UserAnomalyState));
    }

    [Fact]
    public void LifecycleStateRoundTrips()
    {
        var state = OrderLifecycleState.Empty("o");
        foreach (var (s, status) in new[] { (0, OrderStatus.Created), (5, OrderStatus.PaymentFailed), (30, OrderStatus.Paid) })
        {
            state = OrderLifecycleLogic.Apply(state, new OrderActivity($"e{s}", "o", "u", T0.AddSeconds(s), status, 1m, null), T0, Now, AnomalyOptions.Default).State;
        }

        state = OrderLifecycleLogic.Advance(state, T0.AddSeconds(10), Now, AnomalyOptions.Default).State;

        Assert.NotNull(state.Current);
        Assert.NotEmpty(state.Buffer);
        var json = JsonSerializer.Serialize(state, OrdersJsonContext.Default.OrderLifecycleState);
        Assert.Contains("\"status\":\"payment_failed\"", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize(json, OrdersJsonContext.Default.OrderLifecycleState)!;
        Assert.Equal(state, back);
        Assert.Equal(OrderLifecycleLogic.NextTimerTime(state, AnomalyOptions.Default), OrderLifecycleLogic.NextTimerTime(back, AnomalyOptions.Default));
    }
}
