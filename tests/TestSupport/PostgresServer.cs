using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Streaming.TestSupport;

/// <summary>Settings of a throwaway <see cref="PostgresServer"/>.</summary>
public sealed record PostgresOptions
{
    /// <summary>fsync on (the default) for durability tests; off only where a test does not measure durability.</summary>
    public bool Fsync { get; init; } = true;

    public int MaxReplicationSlots { get; init; } = 10;

    public int MaxWalSenders { get; init; } = 10;

    /// <summary>Further <c>postgresql.conf</c> settings (name → value, written verbatim).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Directory of initdb/pg_ctl; null finds Debian's <c>/usr/lib/postgresql/15/bin</c>
    /// (or <c>STREAMING_PG_BIN</c>, or the newest <c>/usr/lib/postgresql/*/bin</c>).</summary>
    public string? BinDirectory { get; init; }

    /// <summary>Where the server's temp directory is made; null uses the system temp directory (or /tmp when
    /// the postgres user could not reach it).</summary>
    public string? ParentDirectory { get; init; }

    /// <summary>Upper bound for initdb, start and stop, each.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// A throwaway PostgreSQL server (Debian's apt package, no systemd, no apt cluster): its own temp
/// directory, initdb, pg_ctl on a free 127.0.0.1 port with <c>wal_level=logical</c>. When the test
/// runs as root, initdb and pg_ctl run as the <c>postgres</c> OS user. Disposal stops the server
/// and deletes the directory.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string OsUser = "postgres";
    private const int StartAttempts = 3;
    private const string TemplatePrefix = "streaming-pg-template-";

    /// <summary>One initdb'd data directory per PostgreSQL bin directory, per test process (deleted at exit).</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new(StringComparer.Ordinal);

    private readonly PostgresOptions _options;
    private readonly string _bin;
    private readonly bool _asRoot;
    private readonly ConcurrentDictionary<string, byte> _handedOut = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    private PostgresServer(PostgresOptions options, string bin, bool asRoot, string directory)
    {
        _options = options;
        _bin = bin;
        _asRoot = asRoot;
        Directory = directory;
    }

    /// <summary>The temp directory: holds <c>data/</c>, the socket and <c>postgres.log</c>.</summary>
    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The Unix socket directory (<c>psql -h SocketDirectory -p Port -U postgres</c>).</summary>
    public string SocketDirectory => Directory;

    public string LogPath => Path.Combine(Directory, "postgres.log");

    public int Port { get; private set; }

    public bool IsRunning { get; private set; }

    /// <summary>Npgsql connection string of the <c>postgres</c> database as superuser <c>postgres</c>.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database)
    {
        var cs = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = OsUser,
            Database = database,
        }.ConnectionString;
        _handedOut.TryAdd(cs, 0);
        return cs;
    }

    public static async Task<PostgresServer> StartAsync(PostgresOptions? options = null)
    {
        options ??= new PostgresOptions();
        var bin = FindBinDirectory(options.BinDirectory);
        var asRoot = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        var parent = ChooseParent(options.ParentDirectory, asRoot);
        var dir = System.IO.Directory.CreateDirectory(Path.Combine(parent, "streaming-pg-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        var server = new PostgresServer(options, bin, asRoot, dir);
        try
        {
            await server.InitAsync().ConfigureAwait(false);
            await server.StartOnFreePortAsync().ConfigureAwait(false);
            AppDomain.CurrentDomain.ProcessExit += server.OnProcessExit;
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates a database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var conn = new NpgsqlConnection(ConnectionString);
        await using (conn.ConfigureAwait(false))
        {
            await conn.OpenAsync().ConfigureAwait(false);
            var cmd = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", conn);
            await using (cmd.ConfigureAwait(false))
                await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server: <c>-m fast</c> (clean), or <c>-m immediate</c> (no checkpoint, like a crash:
    /// the next start runs WAL recovery). Pools of the connection strings handed out are cleared.</summary>
    public async Task StopAsync(bool immediate = false)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync(immediate).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the server again on the same port and data (after <see cref="StopAsync"/>, or stops it fast first).</summary>
    public async Task RestartAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (IsRunning) await StopCoreAsync(immediate: false).ConfigureAwait(false);
            var error = await TryStartAsync(Port).ConfigureAwait(false);
            if (error is not null) throw new InvalidOperationException($"PostgreSQL did not restart on port {Port}: {error}");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The server's log so far (for failure messages).</summary>
    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        try
        {
            if (IsRunning || File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                await StopCoreAsync(immediate: true).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Deleting the directory below is still worth doing.
        }
        catch (TimeoutException)
        {
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        _gate.Dispose();
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // The test host is going away without disposing: do not leave a server behind.
        try
        {
            if (IsRunning) PgCtl(["-D", DataDirectory, "stop", "-m", "immediate", "-w"]).GetAwaiter().GetResult();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or UnauthorizedAccessException)
        {
        }
    }

    private async Task InitAsync()
    {
        if (_asRoot)
            await CommandLine.RunCheckedAsync("chown", [$"{OsUser}:{OsUser}", Directory], _options.Timeout).ConfigureAwait(false);
        else if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // initdb takes seconds; a copy of one initdb'd directory per test process takes milliseconds.
        var template = await Templates.GetOrAdd(_bin, bin => new Lazy<Task<string>>(() => CreateTemplateAsync(bin, _asRoot, _options.Timeout))).Value.ConfigureAwait(false);
        await AsPostgres("cp", ["-a", template, DataDirectory]).ConfigureAwait(false);

        var conf = new StringBuilder()
            .AppendLine()
            .AppendLine("# Streaming.TestSupport.PostgresServer")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{Directory}'")
            .AppendLine("wal_level = logical")
            .AppendLine(CultureInfo.InvariantCulture, $"max_replication_slots = {_options.MaxReplicationSlots}")
            .AppendLine(CultureInfo.InvariantCulture, $"max_wal_senders = {_options.MaxWalSenders}")
            .AppendLine(CultureInfo.InvariantCulture, $"fsync = {(_options.Fsync ? "on" : "off")}")
            .AppendLine("shared_buffers = 32MB");
        foreach (var (name, value) in _options.Settings)
            conf.AppendLine(CultureInfo.InvariantCulture, $"{name} = {value}");
        // The file belongs to the postgres user; root may append to it, the owner stays.
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), conf.ToString()).ConfigureAwait(false);
    }

    private async Task StartOnFreePortAsync()
    {
        string? error = null;
        for (var attempt = 0; attempt < StartAttempts; attempt++)
        {
            var port = FreePort.Next();
            error = await TryStartAsync(port).ConfigureAwait(false);
            if (error is null) return;
            // Another process may have taken the port between FreePort.Next and the bind: try another.
            if (!error.Contains("already in use", StringComparison.OrdinalIgnoreCase) &&
                !error.Contains("could not bind", StringComparison.OrdinalIgnoreCase) &&
                !error.Contains("could not create any TCP/IP sockets", StringComparison.OrdinalIgnoreCase))
                break;
        }
        throw new InvalidOperationException($"PostgreSQL did not start: {error}");
    }

    /// <summary>Starts on the port; null on success, otherwise what went wrong (pg_ctl output and the server log).</summary>
    private async Task<string?> TryStartAsync(int port)
    {
        var timeoutSeconds = ((int)Math.Ceiling(_options.Timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var result = await PgCtl(["-D", DataDirectory, "-l", LogPath, "-o", $"-p {port}", "-w", "-t", timeoutSeconds, "start"], check: false).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            // pg_ctl may give up while the postmaster lingers; make sure nothing is left before a retry.
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                await PgCtl(["-D", DataDirectory, "stop", "-m", "immediate", "-w"], check: false).ConfigureAwait(false);
            return $"{result.Output}\n--- server log ---\n{ReadLog()}";
        }
        Port = port;
        IsRunning = true;
        var deadline = DateTime.UtcNow + _options.Timeout;
        while (true)
        {
            try
            {
                var conn = new NpgsqlConnection(ConnectionString + ";Pooling=false;Timeout=5");
                await using (conn.ConfigureAwait(false))
                {
                    await conn.OpenAsync().ConfigureAwait(false);
                    return null;
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                if (DateTime.UtcNow > deadline)
                    return $"started, but no connection within {_options.Timeout.TotalSeconds:0} s: {ex.Message}\n--- server log ---\n{ReadLog()}";
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    private async Task StopCoreAsync(bool immediate)
    {
        await PgCtl(["-D", DataDirectory, "stop", "-m", immediate ? "immediate" : "fast", "-w"], check: false).ConfigureAwait(false);
        IsRunning = false;
        foreach (var cs in _handedOut.Keys)
        {
            var conn = new NpgsqlConnection(cs);
            await using (conn.ConfigureAwait(false))
                NpgsqlConnection.ClearPool(conn);
        }
    }

    private static async Task<string> CreateTemplateAsync(string bin, bool asRoot, TimeSpan timeout)
    {
        var parent = ChooseParent(null, asRoot);
        RemoveStaleTemplates(parent);
        var dir = System.IO.Directory.CreateDirectory(Path.Combine(parent, $"{TemplatePrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}")).FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        };
        var builder = new PostgresServer(new PostgresOptions { BinDirectory = bin, Timeout = timeout }, bin, asRoot, dir);
        if (asRoot)
            await CommandLine.RunCheckedAsync("chown", [$"{OsUser}:{OsUser}", dir], timeout).ConfigureAwait(false);
        await builder.AsPostgres(Path.Combine(bin, "initdb"),
            ["-D", builder.DataDirectory, "-A", "trust", "-U", OsUser, "--no-locale", "-E", "UTF8", "--no-sync"]).ConfigureAwait(false);
        builder._gate.Dispose();
        return builder.DataDirectory;
    }

    /// <summary>Templates of test processes that died without their exit handler.</summary>
    private static void RemoveStaleTemplates(string parent)
    {
        foreach (var dir in System.IO.Directory.EnumerateDirectories(parent, TemplatePrefix + "*"))
        {
            var name = Path.GetFileName(dir)[TemplatePrefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (System.IO.Directory.Exists($"/proc/{pid}")) continue;
            try
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private Task<CommandLine.Result> PgCtl(IEnumerable<string> args, bool check = true) =>
        AsPostgres(Path.Combine(_bin, "pg_ctl"), args, check);

    private async Task<CommandLine.Result> AsPostgres(string exe, IEnumerable<string> args, bool check = true)
    {
        IEnumerable<string> argv = args;
        var file = exe;
        if (_asRoot)
        {
            file = new[] { "/usr/sbin/runuser", "/sbin/runuser" }.FirstOrDefault(File.Exists) ?? "runuser";
            argv = ["-u", OsUser, "--", exe, .. args];
        }
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["LC_ALL"] = "C", ["LANG"] = "C" };
        var result = await CommandLine.RunAsync(file, argv, _options.Timeout + TimeSpan.FromSeconds(10), Directory, env).ConfigureAwait(false);
        if (check && result.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(exe)} failed ({result.ExitCode}): {result.Output}");
        return result;
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string FindBinDirectory(string? configured)
    {
        var candidates = new List<string?> { configured, Environment.GetEnvironmentVariable("STREAMING_PG_BIN"), "/usr/lib/postgresql/15/bin" };
        if (System.IO.Directory.Exists("/usr/lib/postgresql"))
            candidates.AddRange(System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        foreach (var dir in candidates)
            if (!string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                return dir;
        throw new InvalidOperationException("PostgreSQL's initdb/pg_ctl were not found in /usr/lib/postgresql/15/bin; install them with `apt-get install postgresql` (test.sh does).");
    }

    private static string ChooseParent(string? configured, bool asRoot)
    {
        if (configured is not null) return configured;
        var temp = Path.GetTempPath();
        // As root the server runs as postgres, which must be able to reach the directory.
        if (asRoot && !OthersCanTraverse(temp)) return "/tmp";
        return temp;
    }

    private static bool OthersCanTraverse(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (!dir.Exists || (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0) return false;
        }
        return true;
    }
}
