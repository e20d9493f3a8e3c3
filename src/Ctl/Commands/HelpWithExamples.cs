using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Streaming.Ctl.Commands;

/// <summary>System.CommandLine's help, fitted to 100 columns, followed by the command's examples.</summary>
internal sealed class HelpWithExamples : SynchronousCommandLineAction
{
    private readonly HelpAction help = new() { MaxWidth = 100 };

    // --help answers even when the rest of the line does not parse: it is how one finds out what would.
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        help.Invoke(parseResult);
        if (parseResult.CommandResult.Command is CtlCommand { Examples.Count: > 0 } command)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in command.Examples) output.WriteLine("  " + example);
            output.WriteLine();
        }
        return ExitCodes.Ok;
    }
}
