using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Streaming.TestSupport;

/// <summary>Settings of a <see cref="NodeProcess"/>.</summary>
public sealed record NodeProcessOptions
{
    /// <summary>Environment variables of the node (on top of the test process's own), e.g.
    /// <see cref="ExternalKafka.NodeEnvironment"/>. <c>Streaming__Gateway__Urls</c> is set from
    /// <see cref="Port"/> unless given here.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Gateway port on 127.0.0.1; null picks a free one.</summary>
    public int? Port { get; init; }

    /// <summary>Path of <c>Streaming.Nodes.dll</c>; null uses <c>STREAMING_NODE_DLL</c> or the one next to the
    /// test assembly (present when the test project references src/Nodes).</summary>
    public string? NodeDll { get; init; }

    /// <summary>Command-line arguments of the node.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Called with every output line (stdout and stderr), e.g. an xunit ITestOutputHelper.WriteLine.</summary>
    public Action<string>? OnOutput { get; init; }
}

/// <summary>
/// The product node as a separate OS process (<c>dotnet Streaming.Nodes.dll</c>) for crash tests:
/// output captured line by line, <see cref="Kill"/> is SIGKILL of the whole tree, <see cref="StopAsync"/>
/// SIGTERM and a wait for the graceful exit. Disposal kills what is still running.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private const string UrlsVariable = "Streaming__Gateway__Urls";

    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Done)> _waiters = [];
    private readonly Action<string>? _onOutput;
    private int _openStreams = 2;
    private bool _ended;
    private bool _disposed;

    private NodeProcess(Process process, Uri baseAddress, int port, Action<string>? onOutput)
    {
        _process = process;
        _onOutput = onOutput;
        BaseAddress = baseAddress;
        Port = port;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Id { get; private set; }

    public int Port { get; }

    /// <summary>Where the gateway listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client with <see cref="BaseAddress"/> set.</summary>
    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The output lines so far (stdout and stderr interleaved as received).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate) return _lines.ToArray();
        }
    }

    public string Output => string.Join('\n', Lines);

    public static NodeProcess Start(ExternalKafka kafka, IReadOnlyDictionary<string, string>? environment = null, Action<string>? onOutput = null)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        var env = new Dictionary<string, string>(kafka.NodeEnvironment, StringComparer.Ordinal);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) env[k] = v;
        return Start(new NodeProcessOptions { Environment = env, OnOutput = onOutput });
    }

    public static NodeProcess Start(NodeProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dll = FindNodeDll(options.NodeDll);
        var port = options.Port ?? FreePort.Next();
        var psi = new ProcessStartInfo(FindDotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            // The content root: appsettings.json is copied next to the dll.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in options.Arguments) psi.ArgumentList.Add(a);
        psi.Environment[UrlsVariable] = $"http://127.0.0.1:{port}";
        foreach (var (k, v) in options.Environment) psi.Environment[k] = v;
        var baseAddress = options.Environment.TryGetValue(UrlsVariable, out var urls) ? FirstUrl(urls) : new Uri($"http://127.0.0.1:{port}/");

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var node = new NodeProcess(process, baseAddress, baseAddress.Port, options.OnOutput);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        if (!process.Start())
        {
            node.Http.Dispose();
            process.Dispose();
            throw new InvalidOperationException($"The node process ({psi.FileName} {dll}) could not be started.");
        }
        node.Id = process.Id;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += node.OnProcessExit;
        return node;
    }

    /// <summary>Waits for an output line matching <paramref name="predicate"/> (including lines already printed)
    /// and returns it; throws when the process ends first or the timeout passes.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _lines.FirstOrDefault(predicate);
            if (existing is not null) return Task.FromResult(existing);
            if (_ended)
                return Task.FromException<string>(new InvalidOperationException($"The node process ended without printing {what ?? "a matching line"}.\n{Tail()}"));
            _waiters.Add((predicate, done));
        }
        return WaitAsync();

        async Task<string> WaitAsync()
        {
            try
            {
                return await done.Task.WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                lock (_gate) _waiters.RemoveAll(w => w.Done == done);
                throw new TimeoutException($"The node printed no {what ?? "matching line"} within {timeout.TotalSeconds:0.#} s.\n{Tail()}");
            }
        }
    }

    /// <summary>Polls GET <paramref name="path"/> until it answers with a success status (or <paramref name="accept"/>
    /// holds); throws with the node's output when the process exits or the timeout passes.</summary>
    public async Task<HttpResponseMessage> WaitForHttpAsync(string path = "/health/", TimeSpan? timeout = null, Func<HttpResponseMessage, bool>? accept = null)
    {
        accept ??= r => r.IsSuccessStatusCode;
        var limit = timeout ?? TimeSpan.FromSeconds(120);
        var deadline = DateTime.UtcNow + limit;
        string last = "no answer";
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The node process exited (code {_process.ExitCode}) before GET {path} answered.\n{Tail()}");
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                var response = await Http.GetAsync(new Uri(path, UriKind.Relative), cts.Token).ConfigureAwait(false);
                if (accept(response)) return response;
                last = $"HTTP {(int)response.StatusCode}";
                response.Dispose();
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                last = ex.Message;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"GET {path} on the node did not succeed within {limit.TotalSeconds:0.#} s (last: {last}).\n{Tail()}");
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>SIGKILL of the process and its children (a crash); returns once it is gone and its output drained.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits for the graceful exit and returns the exit code. Past the timeout the
    /// process is killed and a <see cref="TimeoutException"/> thrown (default 60 s).</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        if (!_process.HasExited)
        {
            var signal = await CommandLine.RunAsync("/bin/sh", ["-c", $"kill -TERM {Id.ToString(CultureInfo.InvariantCulture)}"], TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            if (signal.ExitCode != 0 && !_process.HasExited)
                throw new InvalidOperationException($"SIGTERM to the node ({Id}) failed: {signal.Output}");
        }
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The node did not stop within {limit.TotalSeconds:0.#} s of SIGTERM; it was killed.\n{Tail()}");
        }
        // The parameterless wait also drains the redirected output.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed) return ValueTask.CompletedTask;
        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (!_process.HasExited) Kill();
        Http.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            bool closed;
            lock (_gate) closed = --_openStreams == 0;
            // Both pipes at EOF can come before the process is reaped; "ended" means exited.
            if (closed) _ = _process.WaitForExitAsync().ContinueWith(_ => OnEnded(), TaskScheduler.Default);
            return;
        }
        List<(Func<string, bool> Predicate, TaskCompletionSource<string> Done)> matched;
        lock (_gate)
        {
            _lines.Add(line);
            matched = _waiters.Where(w => w.Predicate(line)).ToList();
            foreach (var w in matched) _waiters.Remove(w);
        }
        _onOutput?.Invoke(line);
        foreach (var w in matched) w.Done.TrySetResult(line);
    }

    private void OnEnded()
    {
        List<TaskCompletionSource<string>> orphaned;
        lock (_gate)
        {
            _ended = true;
            orphaned = _waiters.Select(w => w.Done).ToList();
            _waiters.Clear();
        }
        foreach (var w in orphaned)
            w.TrySetException(new InvalidOperationException($"The node process ended without printing a matching line.\n{Tail()}"));
    }

    private string Tail(int count = 40)
    {
        lock (_gate)
        {
            var tail = _lines.Skip(Math.Max(0, _lines.Count - count));
            return $"--- last node output (pid {Id}) ---\n" + string.Join('\n', tail);
        }
    }

    private static Uri FirstUrl(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).First();
        var builder = new UriBuilder(first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]" or "::") builder.Host = "127.0.0.1";
        return builder.Uri;
    }

    private static string FindNodeDll(string? configured)
    {
        var dll = configured ?? System.Environment.GetEnvironmentVariable("STREAMING_NODE_DLL") ?? Path.Combine(AppContext.BaseDirectory, "Streaming.Nodes.dll");
        dll = Path.GetFullPath(dll);
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{dll} does not exist; reference src/Nodes/Nodes.csproj from the test project (or set STREAMING_NODE_DLL).", dll);
        if (!File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
            throw new FileNotFoundException($"{Path.ChangeExtension(dll, ".runtimeconfig.json")} is missing, so `dotnet {Path.GetFileName(dll)}` cannot run.");
        return dll;
    }

    private static string FindDotnet()
    {
        var hostPath = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath)) return hostPath;
        var self = System.Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        var root = System.Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        return "dotnet";
    }
}
