using System.Text;
using System.Text.Json;

namespace Streaming.Ctl.Commands;

/// <summary><c>apikey new|hash</c>: make the gateway's admin keys, offline.</summary>
internal static class ApiKeyCommands
{
    public static CtlCommand Create()
    {
        var group = new CtlCommand("apikey", "Make admin API keys and the hashes the gateway lists (no node needed).",
            ["streaming-ctl apikey new"], needsNode: false);
        group.Add(new CtlCommand("new", "Print a fresh random key (32 bytes, base64url) and the hash to configure.",
            ["streaming-ctl apikey new", "streaming-ctl apikey new --json"], NewAsync, needsNode: false));
        var key = Arguments.Text("key", "The key whose hash to print");
        group.Add(new CtlCommand("hash", "Print a key's hash: sha256:<lowercase hex SHA-256 of its UTF-8 bytes>.",
            ["streaming-ctl apikey hash \"$STREAMING_API_KEY\""], call => HashAsync(call, call.Value(key)), needsNode: false)
        {
            key,
        });
        return group;
    }

    private static async Task<int> NewAsync(Call call)
    {
        var key = ApiKeyHash.NewKey();
        var hash = ApiKeyHash.Of(key);
        await call.Output.WriteAsync(call.Json
            ? Document(("key", key), ("hash", hash))
            : $"""
              key   {key}
              hash  {hash}

              Give the key to operators (--api-key or STREAMING_API_KEY) and configure the gateway with its hash:
                Streaming__Gateway__ApiKeys__0={hash}

              """);
        return ExitCodes.Ok;
    }

    private static async Task<int> HashAsync(Call call, string key)
    {
        await call.Output.WriteAsync(call.Json ? Document(("hash", ApiKeyHash.Of(key))) : ApiKeyHash.Of(key) + "\n");
        return ExitCodes.Ok;
    }

    private static string Document(params (string Name, string Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields) writer.WriteString(name, value);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
