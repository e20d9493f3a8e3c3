using System.CommandLine;
using System.CommandLine.Parsing;

namespace Streaming.Ctl.Commands;

/// <summary>The one line streaming-ctl prints for a command line it cannot run: what is wrong, and which --help to read.</summary>
internal static class UsageError
{
    public static string Describe(ParseResult parse)
    {
        var path = Path(parse.CommandResult);
        var messages = parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal).ToList();
        if (parse.CommandResult.Command is CtlCommand { Run: null } group)
            messages.Add($"'{path}' takes a command: {string.Join(", ", group.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}.");
        messages.Add($"See '{path} --help'.");
        return string.Join(' ', messages);
    }

    private static string Path(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is not null; result = result.Parent)
            if (result is CommandResult c) names.Insert(0, c.Command.Name);
        return string.Join(' ', names);
    }
}
