using System.CommandLine;

namespace Streaming.Ctl.Commands;

/// <summary>
/// A command of streaming-ctl with the examples its --help ends with. A verb has <see cref="Run"/>; a group (cluster,
/// sharding, state, apikey, the root) has none and only holds verbs.
/// </summary>
internal sealed class CtlCommand : Command
{
    public CtlCommand(string name, string description, IReadOnlyList<string> examples, Func<Call, Task<int>>? run = null, bool needsNode = true)
        : base(name, description)
    {
        Examples = examples;
        Run = run;
        NeedsNode = needsNode;
        // A group's action never runs (CtlApp reports a bare group as a usage error that lists its verbs); having one
        // keeps the parser from adding its own "Required command was not provided." to that line.
        if (run is null) SetAction(_ => ExitCodes.Usage);
    }

    public IReadOnlyList<string> Examples { get; }

    public Func<Call, Task<int>>? Run { get; }

    /// <summary>Whether it talks to a node (apikey works offline, so a bad --url does not stop it).</summary>
    public bool NeedsNode { get; }
}
