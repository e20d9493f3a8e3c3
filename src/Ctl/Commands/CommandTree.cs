using System.CommandLine;
using System.CommandLine.Help;

namespace Streaming.Ctl.Commands;

/// <summary>streaming-ctl's commands, built anew for each run (nothing in them is shared between runs).</summary>
internal sealed record CommandTree(CtlCommand Root, GlobalOptions Options)
{
    public const string Name = "streaming-ctl";

    public static CommandTree Build()
    {
        var options = GlobalOptions.Create();
        // A plain root command, not RootCommand: its name would be the host process's (testhost in tests).
        var root = new CtlCommand(Name, "Operate a Streaming cluster through any node's gateway (in the spirit of Petabridge.Cmd's pbm).",
            ["streaming-ctl cluster show", "streaming-ctl partitions --url http://gateway:8888", "STREAMING_API_KEY=… streaming-ctl cluster down akka.tcp://streaming@10.0.0.5:4053"]);
        root.Add(new HelpOption { Action = new HelpWithExamples(), Recursive = true });
        foreach (var option in options.All) root.Add(option);
        foreach (var command in NodeCommands.Create()) root.Add(command);
        root.Add(ClusterCommands.Create());
        root.Add(ShardingCommands.Create());
        foreach (var command in StreamingCommands.Create()) root.Add(command);
        root.Add(CrosscheckCommand.Create());
        root.Add(ApiKeyCommands.Create());
        return new CommandTree(root, options);
    }

    /// <summary>Every command under the root with its full name (<c>cluster show</c>), groups included.</summary>
    public IEnumerable<(string Path, Command Command)> All() => Walk(Root, "");

    private static IEnumerable<(string, Command)> Walk(Command command, string prefix) =>
        command.Subcommands.SelectMany(c => Walk(c, prefix + c.Name + " ").Prepend((prefix + c.Name, c)));
}
