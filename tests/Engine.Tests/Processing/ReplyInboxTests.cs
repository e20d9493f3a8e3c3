using Akka.Actor;
using Streaming.Engine.Processing;

namespace Streaming.Engine.Tests.Processing;

public sealed class ReplyInboxTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ActorSystem _system = ActorSystem.Create("reply-inbox-tests");

    public void Dispose() => _system.Dispose();

    [Fact]
    public async Task ARoundCompletesWithOneAnswerPerCommandAndTheNextRoundStartsEmpty()
    {
        var echo = _system.ActorOf(Props.Create(() => new Echo()));
        using var inbox = new ReplyInbox(_system);

        var first = await inbox.RoundAsync<string>(echo, ["a", "b", "c"], Timeout);
        var second = await inbox.RoundAsync<string>(echo, ["d"], Timeout);

        Assert.Equal(["a", "b", "c"], first.Order(StringComparer.Ordinal));
        Assert.Equal(["d"], second);
    }

    [Fact]
    public async Task AnswersFromManyActorsAtOnceAreAllCounted()
    {
        var echoes = Enumerable.Range(0, 50).Select(_ => _system.ActorOf(Props.Create(() => new Echo()))).ToList();
        var router = _system.ActorOf(Props.Create(() => new Scatter(echoes)));
        using var inbox = new ReplyInbox(_system);
        var commands = Enumerable.Range(0, 5000).Select(i => (object)i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var answers = await inbox.RoundAsync<string>(router, commands, Timeout);

        Assert.Equal(commands.Cast<string>().Order(StringComparer.Ordinal), answers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AMissingAnswerTimesOutSayingHowManyArrivedAndTheInboxTakesNoFurtherRound()
    {
        var echo = _system.ActorOf(Props.Create(() => new Echo()));
        using var inbox = new ReplyInbox(_system);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => inbox.RoundAsync<string>(echo, ["a", Echo.Silent], TimeSpan.FromMilliseconds(300)));

        Assert.Contains("1 of 2", timeout.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => inbox.RoundAsync<string>(echo, ["b"], Timeout));
    }

    [Fact]
    public async Task AnAnswerOfAnotherTypeFailsTheRound()
    {
        var echo = _system.ActorOf(Props.Create(() => new Echo()));
        using var inbox = new ReplyInbox(_system);

        await Assert.ThrowsAsync<InvalidOperationException>(() => inbox.RoundAsync<string>(echo, ["a", 42], Timeout));
    }

    [Fact]
    public void AnInboxIsAddressableByItsPathUntilDisposed()
    {
        var inbox = new ReplyInbox(_system);
        var provider = ((ExtendedActorSystem)_system).Provider;

        Assert.Same(inbox, provider.ResolveActorRef(inbox.Path));
        inbox.Dispose();
        Assert.NotSame(inbox, provider.ResolveActorRef(inbox.Path));
    }

    private sealed class Echo : ReceiveActor
    {
        public const string Silent = "(no answer)";

        public Echo() => ReceiveAny(message =>
        {
            if (!Equals(message, Silent)) Sender.Tell(message);
        });
    }

    /// <summary>Forwards each command to one of many actors, so answers arrive from many threads.</summary>
    private sealed class Scatter : ReceiveActor
    {
        public Scatter(IReadOnlyList<IActorRef> targets)
        {
            var next = 0;
            ReceiveAny(message => targets[next++ % targets.Count].Forward(message));
        }
    }
}
