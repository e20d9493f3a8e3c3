using System.CommandLine;

namespace Streaming.Ctl.Commands;

/// <summary>The options every command takes, anywhere on the line.</summary>
internal sealed record GlobalOptions(Option<string> Url, Option<string> ApiKey, Option<bool> Json)
{
    public static GlobalOptions Create() => new(
        new Option<string>("--url")
        {
            Description = "The gateway of any node [default: $STREAMING_URL, else http://localhost:8888]",
            HelpName = "URL",
            Recursive = true,
        },
        new Option<string>("--api-key")
        {
            Description = "The admin API key, sent as X-API-Key [default: $STREAMING_API_KEY]",
            HelpName = "KEY",
            Recursive = true,
        },
        new Option<bool>("--json")
        {
            Description = "The node's JSON as it is (one document per line for tails), no tables or colour",
            Recursive = true,
        });

    public IEnumerable<Option> All => [Url, ApiKey, Json];
}
