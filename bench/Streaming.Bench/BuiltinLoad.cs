using System.Diagnostics;
using System.Net.Http.Headers;

namespace Streaming.Bench;

/// <summary>
/// A closed-loop HTTP load generator on HttpClient/SocketsHttpHandler, for machines without wrk:
/// one worker per connection, each with one request in flight. It costs more CPU than wrk.
/// </summary>
internal static class BuiltinLoad
{
    public static async Task<LoadResult> RunAsync(string scenario, Uri address, string pathAndQuery, IReadOnlyList<byte[]> bodies,
        int eventsPerRequest, int connections, int seconds)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        var uri = new Uri(pathAndQuery, UriKind.Relative);
        var contentType = new MediaTypeHeaderValue("application/json");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var latencies = new List<long>(1 << 16);
            long failures = 0;
            var k = w;
            while (!stop.IsCancellationRequested)
            {
                using var content = new ByteArrayContent(bodies[k++ % bodies.Count]);
                content.Headers.ContentType = contentType;
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsync(uri, content, CancellationToken.None);
                    await response.Content.CopyToAsync(Stream.Null);
                    if (!response.IsSuccessStatusCode) failures++;
                }
                catch (HttpRequestException)
                {
                    failures++;
                }
                catch (TaskCanceledException)
                {
                    failures++;
                }
                latencies.Add(Stopwatch.GetTimestamp() - start);
            }
            return (latencies, failures);
        })).ToList();
        var results = await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = results.SelectMany(r => r.latencies).Order().ToArray();
        var failed = results.Sum(r => r.failures);
        double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(all.Length * p))] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(scenario, elapsed, all.Length, (all.Length - failed) * eventsPerRequest, failed, Percentile(0.50), Percentile(0.99));
    }
}
