using System.Text.Json;
using Streaming.Actors.Orders;
using Streaming.Streams.EventTime;

namespace Streaming.Actors.Tests.Orders;

/// <summary>
/// Drives <see cref="UserAnomalyLogic"/> and <see cref="OrderLifecycleLogic"/> like a partition stage would: one partition
/// watermark (max event time − B, constant wall clock), per-user and per-order states, advancing after each event (all
/// states, or only those whose event-time timer is due), and a final advance to +∞.
/// </summary>
internal static class AnomalyRun
{
    public sealed record Result(List<AnomalyAlert> UserAlerts, List<AnomalyAlert> OrderAlerts, List<string> LateUser, List<string> LateOrder);

    public static Result Run(IEnumerable<OrderActivity> delivered, bool useTimers = false, bool roundTripState = false)
    {
        var options = OrderScenarios.Options;
        var now = OrderScenarios.DetectedAt;
        var wall = OrderScenarios.T0;
        var watermark = PartitionWatermark.Start(wall, new WatermarkOptions(OrderScenarios.Bound, TimeSpan.FromMinutes(1)));
        var users = new Dictionary<string, UserAnomalyState>(StringComparer.Ordinal);
        var orders = new Dictionary<string, OrderLifecycleState>(StringComparer.Ordinal);
        var timers = new TimerService<string>();
        var registered = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var result = new Result([], [], [], []);

        void Timer(string key, DateTimeOffset? next)
        {
            if (registered.Remove(key, out var old))
            {
                timers.Delete(key, old);
            }

            if (next is { } n)
            {
                timers.Register(key, n);
                registered[key] = n;
            }
        }

        void StoreUser(UserAnomalyState s)
        {
            if (roundTripState)
            {
                var back = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(s, OrdersJsonContext.Default.UserAnomalyState), OrdersJsonContext.Default.UserAnomalyState)!;
                Assert.Equal(s, back);
                s = back;
            }

            users[s.UserId] = s;
            Timer("u:" + s.UserId, UserAnomalyLogic.NextTimerTime(s, options));
        }

        void StoreOrder(OrderLifecycleState s)
        {
            if (roundTripState)
            {
                var back = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(s, OrdersJsonContext.Default.OrderLifecycleState), OrdersJsonContext.Default.OrderLifecycleState)!;
                Assert.Equal(s, back);
                s = back;
            }

            orders[s.OrderId] = s;
            Timer("o:" + s.OrderId, OrderLifecycleLogic.NextTimerTime(s, options));
        }

        void AdvanceKey(string key, DateTimeOffset wm)
        {
            if (key.StartsWith("u:", StringComparison.Ordinal))
            {
                var r = UserAnomalyLogic.Advance(users[key[2..]], wm, now, options);
                result.UserAlerts.AddRange(r.Alerts);
                StoreUser(r.State);
            }
            else
            {
                var r = OrderLifecycleLogic.Advance(orders[key[2..]], wm, now, options);
                result.OrderAlerts.AddRange(r.Alerts);
                StoreOrder(r.State);
            }
        }

        IEnumerable<string> AllKeys() => [.. users.Keys.Select(u => "u:" + u), .. orders.Keys.Select(o => "o:" + o)];

        foreach (var e in delivered)
        {
            var wm = watermark.Current(wall);
            var u = UserAnomalyLogic.Apply(users.GetValueOrDefault(e.UserId) ?? UserAnomalyState.Empty(e.UserId), e, wm, now, options);
            result.UserAlerts.AddRange(u.Alerts);
            if (u.IsLate)
            {
                result.LateUser.Add(e.EventId);
            }

            StoreUser(u.State);
            var o = OrderLifecycleLogic.Apply(orders.GetValueOrDefault(e.OrderId) ?? OrderLifecycleState.Empty(e.OrderId), e, wm, now, options);
            result.OrderAlerts.AddRange(o.Alerts);
            if (o.IsLate)
            {
                result.LateOrder.Add(e.EventId);
            }

            StoreOrder(o.State);
            watermark = watermark.Observe(e.Time, wall);
            var after = watermark.Current(wall);
            var due = useTimers ? [.. timers.PopDue(after).Select(t => t.Key)] : AllKeys().ToList();
            foreach (var key in due)
            {
                if (useTimers)
                {
                    registered.Remove(key);
                }

                AdvanceKey(key, after);
            }
        }

        foreach (var key in AllKeys().ToList())
        {
            AdvanceKey(key, DateTimeOffset.MaxValue);
        }

        Assert.All(users.Values, s => Assert.Empty(s.Buffer));
        Assert.All(orders.Values, s => Assert.True(OrderLifecycleLogic.CanForget(s, DateTimeOffset.MaxValue, options)));
        Assert.All(result.UserAlerts.Concat(result.OrderAlerts), a => Assert.Equal(now, a.DetectedAt));
        return result;
    }
}
