using System.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Streaming.Deploy.Tests;

/// <summary>The repository the tests run in, the command-line tools they need and YAML as plain dictionaries.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(Path(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Streaming.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Streaming.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs a tool in the repository root; a missing tool fails the test with how to install it (never skips).</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string tool, string aptPackage, params string[] args)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator)
            .Any(d => d.Length > 0 && File.Exists(System.IO.Path.Combine(d, tool)));
        Assert.True(found, $"'{tool}' is not on PATH: install it (apt-get install -y {aptPackage}; test.sh does) to run this test");
        var info = new ProcessStartInfo(tool) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', args)} did not finish within 2 minutes");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Every document of a YAML stream as dictionaries, lists and strings; merge keys (&lt;&lt;: *anchor) resolved.</summary>
    public static List<Dictionary<object, object>> LoadYaml(string text)
    {
        var parser = new MergingParser(new Parser(new StringReader(text)));
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<Dictionary<object, object>>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
            if (deserializer.Deserialize<Dictionary<object, object>?>(parser) is { } document)
                documents.Add(document);
        return documents;
    }
}

/// <summary>Navigation in deserialized YAML, failing clearly where a value is missing.</summary>
public static class Yaml
{
    public static Dictionary<object, object> Map(this object? node, string key) =>
        node.Get(key) as Dictionary<object, object> ?? throw new InvalidOperationException($"'{key}' is not a mapping");

    public static List<object> List(this object? node, string key) => node.Get(key) as List<object> ?? [];

    public static string? Str(this object? node, string key) => node.Get(key)?.ToString();

    public static object? Get(this object? node, string key) =>
        node is Dictionary<object, object> map && map.TryGetValue(key, out var value) ? value : null;

    public static Dictionary<string, string> Labels(this object? node) =>
        (node as Dictionary<object, object> ?? []).ToDictionary(kv => kv.Key.ToString()!, kv => kv.Value?.ToString() ?? "");
}
