using System.Net;
using System.Net.Sockets;
using Streaming.TestSupport;

namespace Streaming.Nodes.Tests;

/// <summary>A node that cannot start as configured ends with one line that says what to do and exit code 2, never a stack trace.</summary>
public sealed partial class StartupFailureTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("streaming-startup-").FullName;

    private async Task<(int Code, IReadOnlyList<string> Lines)> RunAsync(IReadOnlyDictionary<string, string> environment, int? port = null)
    {
        await using var node = NodeProcess.Start(new NodeProcessOptions { Environment = environment, Port = port, Arguments = ["--data-dir", _dataDir] });
        var code = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, node.Lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList());
    }

    /// <summary>Information logged before the failure may precede it; nothing else may (no stack trace, no library chatter).</summary>
    private static void AssertOneClearLine(IReadOnlyList<string> lines, string says)
    {
        var line = Assert.Single(lines, l => !InformationLog().IsMatch(l));
        Assert.StartsWith("streaming: ", line, StringComparison.Ordinal);
        Assert.Contains(says, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_ends_the_node_with_exit_code_2_and_one_line()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (code, lines) = await RunAsync(new Dictionary<string, string>(), port);
        Assert.Equal(2, code);
        AssertOneClearLine(lines, $"http://127.0.0.1:{port} is in use");
    }

    [Fact]
    public async Task A_bad_setting_ends_the_node_with_exit_code_2_and_one_line_naming_it()
    {
        var (code, lines) = await RunAsync(new Dictionary<string, string> { ["Streaming__Engine__CheckpointInterval"] = "often" });
        Assert.Equal(2, code);
        AssertOneClearLine(lines, "Streaming:Engine:CheckpointInterval");

        (code, lines) = await RunAsync(new Dictionary<string, string> { ["Streaming__Engine__LostRecords"] = "ignore" });
        Assert.Equal(2, code);
        AssertOneClearLine(lines, "LostRecords is 'ignore'; use auto, fail or reset");
    }

    [Fact]
    public async Task An_unreachable_database_ends_the_node_with_exit_code_2_and_one_line()
    {
        var (code, lines) = await RunAsync(new Dictionary<string, string>
        {
            ["Streaming__Persistence__Provider"] = "postgresql",
            ["Streaming__Persistence__ConnectionString"] = $"Host=127.0.0.1;Port={FreePort.Next()};Username=streaming;Timeout=3",
        });
        Assert.Equal(2, code);
        AssertOneClearLine(lines, "cannot open the postgresql database");
    }

    [Fact]
    public async Task An_unreachable_broker_ends_the_node_with_exit_code_2_and_one_line()
    {
        var (code, lines) = await RunAsync(new Dictionary<string, string> { ["Streaming__Kafka__BootstrapServers"] = $"127.0.0.1:{FreePort.Next()}" });
        Assert.Equal(2, code);
        AssertOneClearLine(lines, "check Streaming__Kafka__BootstrapServers");
    }

    [Fact]
    public async Task A_plain_api_key_or_a_malformed_key_hash_ends_the_node_rather_than_leave_the_admin_endpoints_open()
    {
        var (code, lines) = await RunAsync(new Dictionary<string, string> { ["Streaming__Gateway__ApiKey"] = "plain-secret" });
        Assert.Equal(2, code);
        AssertOneClearLine(lines, "Streaming:Gateway:ApiKey is no longer read");
        Assert.DoesNotContain(lines, l => l.Contains("plain-secret", StringComparison.Ordinal));

        (code, lines) = await RunAsync(new Dictionary<string, string> { ["Streaming__Gateway__ApiKeys__0"] = "plain-secret" });
        Assert.Equal(2, code);
        AssertOneClearLine(lines, "Streaming:Gateway:ApiKeys: hash 0 is not 'sha256:'");
        Assert.DoesNotContain(lines, l => l.Contains("plain-secret", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d\d:\d\d:\d\d\.\d{3} info: ")]
    private static partial System.Text.RegularExpressions.Regex InformationLog();
}
