using Akka.Actor;

namespace Streaming.Engine.Processing;

/// <summary>
/// Where the entities of one partition processor answer: one actor reference for the processor's
/// lifetime instead of what an Ask costs per entity and request (a temporary actor with its path, a
/// timeout timer, a task). A round sends its commands with the inbox as their sender and completes
/// when as many answers arrived. Registered like Ask's temporary actors, so entities on other nodes
/// can answer too. Not for concurrent rounds: a processor runs one round per target at a time. After
/// a round timed out the inbox refuses further rounds (a late answer would be counted in the next one);
/// its processor fails and is replaced anyway.
/// </summary>
public sealed class ReplyInbox : MinimalActorRef, IDisposable
{
    private readonly object _gate = new();
    private List<object> _answers = [];
    private TaskCompletionSource<List<object>>? _round;
    private int _expected;
    private bool _timedOut;

    private readonly Action? _remoteReply;

    /// <param name="remoteReply">Called for each answer from an actor on another node.</param>
    public ReplyInbox(ActorSystem system, Action? remoteReply = null)
    {
        _remoteReply = remoteReply;
        Provider = ((ExtendedActorSystem)system).Provider;
        Path = Provider.TempPath();
        Provider.RegisterTempActor(this, Path);
    }

    public override IActorRefProvider Provider { get; }

    public override ActorPath Path { get; }

    /// <summary>Sends <paramref name="commands"/> to <paramref name="recipient"/> and awaits one answer of type <typeparamref name="T"/> each, in arrival order.</summary>
    public async Task<IReadOnlyList<T>> RoundAsync<T>(IActorRef recipient, IReadOnlyCollection<object> commands, TimeSpan timeout)
    {
        if (commands.Count == 0) return [];
        var round = new TaskCompletionSource<List<object>>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_timedOut) throw new InvalidOperationException($"{Path}: a round timed out; answers may still arrive, so the inbox takes no more rounds");
            if (_round is not null) throw new InvalidOperationException($"{Path}: a round is already running");
            _round = round;
            _expected = commands.Count;
            _answers = new List<object>(commands.Count);
        }
        foreach (var command in commands) recipient.Tell(command, this);
        List<object> answers;
        try
        {
            answers = await round.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            int received;
            lock (_gate)
            {
                received = _answers.Count;
                _round = null;
                _timedOut = true;
            }
            throw new TimeoutException($"{Path}: {received} of {commands.Count} answers within {timeout}");
        }
        var typed = new T[answers.Count];
        for (var i = 0; i < typed.Length; i++)
            typed[i] = answers[i] is T answer ? answer : throw new InvalidOperationException($"{Path}: unexpected answer {answers[i]}");
        return typed;
    }

    protected override void TellInternal(object message, IActorRef sender)
    {
        // Local actors' paths carry no host; a reply from another node does.
        if (_remoteReply is not null && sender is not null && sender.Path.Address.HasGlobalScope) _remoteReply();
        TaskCompletionSource<List<object>>? complete = null;
        List<object>? answers = null;
        lock (_gate)
        {
            // No round: the answer of a round that timed out (its processor is failing anyway).
            if (_round is null) return;
            _answers.Add(message);
            if (_answers.Count == _expected)
            {
                (complete, answers, _round) = (_round, _answers, null);
            }
        }
        complete?.TrySetResult(answers!);
    }

    public void Dispose() => Provider.UnregisterTempActor(Path);
}
