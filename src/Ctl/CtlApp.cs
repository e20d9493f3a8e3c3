
using System.Text.Json;

namespace Streaming.Ctl;

/// <summary>
/// streaming-ctl: the operator's view of a running node through its gateway. Every command exits 0
/// on success, 1 when the node answered with an error, 2 on wrong usage or an unreachable node —
/// always with a message saying what to do.
/// </summary>
public static class CtlApp
{
    private const string Usage = """
        usage: streaming-ctl [--url URL] [--api-key KEY] <command>

        commands:
          health                 per-dependency health of the node
          status                 bootstrap servers, embedded broker, topics, produced counts
          topics                 topics with partition counts
          metrics                processing metrics: consumed, published, late, dead letters, watermarks
          session <user_id>      the user's open session
          cluster show           members (status, roles, reachability), leader, oldest
          cluster down <address> mark a member down: it leaves the cluster and stops
          cluster leave <address>
                                 ask a member to leave gracefully (it hands its work over)
          cluster down-unreachable
                                 down every member seen as unreachable
          state reset [--topic T] [--partition P]
                                 drop the stored state of input partitions (all, a topic's, or one)
                                 so that they start from fresh state; refused while one is processed

        The node URL defaults to $STREAMING_URL, else http://localhost:8888; the API key to $STREAMING_API_KEY.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var url = Environment.GetEnvironmentVariable("STREAMING_URL") ?? "http://localhost:8888";
        var apiKey = Environment.GetEnvironmentVariable("STREAMING_API_KEY");
        var rest = new List<string>();
        string? topic = null, partition = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--url" when i + 1 < args.Length: url = args[++i]; break;
                case "--api-key" when i + 1 < args.Length: apiKey = args[++i]; break;
                case "--topic" when i + 1 < args.Length: topic = args[++i]; break;
                case "--partition" when i + 1 < args.Length: partition = args[++i]; break;
                case "-h" or "--help": output.WriteLine(Usage); return 0;
                default: rest.Add(args[i]); break;
            }
        }
        var path = rest switch
        {
            ["health"] => "/health/",
            ["status"] => "/api/v1/examples/streaming-status",
            ["topics"] => "/api/v1/streaming/topics",
            ["metrics"] => "/api/v1/analytics/processing-metrics",
            ["session", var user] => "/api/v1/analytics/users/" + Uri.EscapeDataString(user) + "/session",
            ["state", "reset"] => "/api/v1/admin/state/reset" + Query(("topic", topic), ("partition", partition)),
            ["cluster", "show"] => "/api/v1/admin/cluster",
            ["cluster", "down", var address] => "/api/v1/admin/cluster/down" + Query(("address", address)),
            ["cluster", "leave", var address] => "/api/v1/admin/cluster/leave" + Query(("address", address)),
            ["cluster", "down-unreachable"] => "/api/v1/admin/cluster/down-unreachable",
            _ => null,
        };
        var post = rest is ["state", "reset"] or ["cluster", "down" or "leave" or "down-unreachable", ..];
        if (path is null)
        {
            error.WriteLine(rest.Count == 0 ? "No command given." : $"Unknown command '{string.Join(' ', rest)}'.");
            error.WriteLine(Usage);
            return 2;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri))
        {
            error.WriteLine($"'{url}' is not a URL; pass the node's gateway address with --url http://host:8888.");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(15) };
        if (apiKey is not null) http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        try
        {
            using var response = post ? await http.PostAsync(path, null) : await http.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine(Pretty(body));
            if (response.IsSuccessStatusCode) return 0;
            error.WriteLine($"The node answered {(int)response.StatusCode} {response.ReasonPhrase}; see the detail above.");
            return 1;
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"Cannot reach a Streaming node at {baseUri} ({e.Message}). Start one with 'dotnet run --project src/Nodes' or pass --url.");
            return 2;
        }
        catch (TaskCanceledException)
        {
            error.WriteLine($"The node at {baseUri} did not answer within 15 s; check it is running and not overloaded.");
            return 2;
        }
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    private static string Pretty(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return JsonSerializer.Serialize(document.RootElement, CtlJson.Default.JsonElement);
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
