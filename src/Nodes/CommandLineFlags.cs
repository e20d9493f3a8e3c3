namespace Streaming.Nodes;

/// <summary>The node's own command-line flags, as the settings they stand for (any setting can also be given as <c>--Streaming:Section:Key=value</c>).</summary>
public static class CommandLineFlags
{
    /// <summary><c>--demo</c> → Streaming:Demo:Enabled; <c>--data-dir DIR</c> (or <c>--data-dir=DIR</c>) → Streaming:Persistence:DataDirectory.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--demo") yield return new("Streaming:Demo:Enabled", "true");
            else if (arg.StartsWith("--data-dir=", StringComparison.Ordinal)) yield return new("Streaming:Persistence:DataDirectory", arg["--data-dir=".Length..]);
            else if (arg == "--data-dir")
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new StartupException("--data-dir needs a directory, e.g. --data-dir ./data");
                yield return new("Streaming:Persistence:DataDirectory", args[++i]);
            }
        }
    }
}
