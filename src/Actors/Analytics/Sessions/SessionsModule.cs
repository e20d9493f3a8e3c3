using Streaming.Analytics.Keyed;

namespace Streaming.Analytics.Sessions;

/// <summary>The registration of user sessions.</summary>
public sealed class SessionsModule : AnalyticModule<SessionOptions>
{
    public override string Name => "sessions";

    public override IAnalytic Create(SessionOptions options) => new SessionsAnalytic(options);
}
