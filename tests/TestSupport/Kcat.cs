using System.Diagnostics;
using System.Text;

namespace Streaming.TestSupport;

/// <summary>Debian's kcat, a Kafka client nobody here wrote: the independent reader of what landed in a topic.</summary>
public static class Kcat
{
    public sealed record Record(int Partition, long Offset, string? Key, string Value, IReadOnlyDictionary<string, string> Headers);

    private const char Sep = '\u001f';
    private const char End = '\u001e';

    /// <summary>Every record of the topic from the beginning up to the current end.</summary>
    public static IReadOnlyList<Record> ReadAll(string bootstrap, string topic)
    {
        var format = $"%p{Sep}%o{Sep}%k{Sep}%h{Sep}%s{End}";
        var output = Run(["-b", bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", format]);
        var records = new List<Record>();
        foreach (var chunk in output.Split(End, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = chunk.Split(Sep);
            if (parts.Length < 5) continue;
            records.Add(new Record(int.Parse(parts[0]), long.Parse(parts[1]), parts[2].Length == 0 ? null : parts[2], string.Join(Sep, parts[4..]), ParseHeaders(parts[3])));
        }
        return records;
    }

    private static Dictionary<string, string> ParseHeaders(string raw)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (raw.Length == 0 || raw == "NULL") return headers;
        foreach (var pair in raw.Split(','))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) headers[pair[..eq]] = pair[(eq + 1)..];
        }
        return headers;
    }

    /// <summary>Writes one keyed record with kcat (bypassing the gateway, e.g. a poison record).</summary>
    public static void Produce(string bootstrap, string topic, string key, string value) =>
        Run(["-b", bootstrap, "-P", "-t", topic, "-K", "\u001d"], key + "\u001d" + value);

    public static string Run(IEnumerable<string> args, string? input = null)
    {
        var psi = new ProcessStartInfo("kcat") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("kcat could not be started; install it (apt-get install kcat).");
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(true);
            throw new TimeoutException("kcat did not finish within 60 s");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"kcat failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }
}
