using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Streaming.Bench;

/// <summary>Debian's wrk with a Lua script that cycles through pre-built POST requests.</summary>
internal static class Wrk
{
    private const string Script = """
        local requests = {}
        local n = 0
        local i = 0
        function init(args)
          local dir, count, path = args[1], tonumber(args[2]), args[3]
          for k = 0, count - 1 do
            local f = assert(io.open(dir .. "/" .. k .. ".json", "rb"))
            local body = f:read("*a")
            f:close()
            requests[k + 1] = wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
          end
          n = count
          i = math.random(n) - 1
        end
        function request()
          i = i % n + 1
          return requests[i]
        end
        function done(summary, latency, requests)
          io.write(string.format('{"requests":%d,"duration_us":%d,"status_errors":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d}\n',
            summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
            summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
        end
        """;

    public static bool IsInstalled() => File.Exists("/usr/bin/wrk");

    public static async Task<LoadResult> RunAsync(string scenario, Uri address, string pathAndQuery, IReadOnlyList<byte[]> bodies,
        int eventsPerRequest, int connections, int threads, int seconds, string workDir)
    {
        var dir = Path.Combine(workDir, scenario);
        Directory.CreateDirectory(dir);
        for (var k = 0; k < bodies.Count; k++) await File.WriteAllBytesAsync(Path.Combine(dir, $"{k}.json"), bodies[k]);
        var script = Path.Combine(workDir, "post.lua");
        await File.WriteAllTextAsync(script, Script);

        var info = new ProcessStartInfo("/usr/bin/wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s", "--timeout", "10s", "-s", script, address.ToString().TrimEnd('/') + pathAndQuery,
            "--", dir, bodies.Count.ToString(CultureInfo.InvariantCulture), pathAndQuery,
        }) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start wrk");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"wrk printed no summary:\n{output}\n{await stderr}");
        using var json = JsonDocument.Parse(line);
        var r = json.RootElement;
        long L(string name) => r.GetProperty(name).GetInt64();
        var requests = L("requests");
        var failures = L("status_errors") + L("connect_errors") + L("read_errors") + L("write_errors") + L("timeouts");
        return new LoadResult(scenario, L("duration_us") / 1e6, requests, (requests - L("status_errors")) * eventsPerRequest, failures,
            L("p50_us") / 1000.0, L("p99_us") / 1000.0);
    }
}
