using System.Collections.Immutable;
using Streaming.Actors.Orders;

namespace Streaming.Actors.Entities;

/// <summary>Alerts of this user raised elsewhere (by its orders' entities), kept for live queries.</summary>
public sealed record RememberAlerts(string EntityId, ImmutableArray<AnomalyAlert> Alerts) : IEntityMessage;

/// <summary>Live query: a user's recent alerts, newest last.</summary>
public sealed record GetUserAlerts(string EntityId) : IEntityMessage;

public sealed record UserAlertsView(string UserId, ImmutableArray<AnomalyAlert> Recent);
