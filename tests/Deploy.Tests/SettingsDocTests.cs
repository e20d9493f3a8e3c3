using System.Text.RegularExpressions;

namespace Streaming.Deploy.Tests;

/// <summary>Every Streaming__ variable the deployment files set is a setting docs/configuration.md documents.</summary>
public sealed partial class SettingsDocTests
{
    [Fact]
    public void Documented_settings_are_parsed_from_the_tables()
    {
        var documented = DocumentedSettings();
        Assert.Contains("Streaming__Cluster__PodLabelSelector", documented);
        Assert.Contains("Streaming__Gateway__Urls", documented);
        Assert.Contains("Streaming__Kafka__Client__", documented);
        Assert.DoesNotContain("Streaming__Cluster__key", documented);
    }

    [Fact]
    public void Compose_file_and_Dockerfile_set_only_documented_settings() =>
        AssertDocumented(Repo.Read("docker-compose.yml") + Repo.Read("Dockerfile"), minimum: 8);

    [Theory, MemberData(nameof(Manifests.Kustomizations), MemberType = typeof(Manifests))]
    public void Manifests_set_only_documented_settings(string directory) =>
        AssertDocumented(Manifests.Render(directory).Text, minimum: 8);

    private static void AssertDocumented(string text, int minimum)
    {
        var documented = DocumentedSettings();
        var used = EnvName().Matches(text).Select(m => m.Value).ToHashSet();
        Assert.True(used.Count >= minimum, $"found only {used.Count} Streaming__ settings: {string.Join(", ", used)}");
        var unknown = used.Where(name =>
        {
            var key = ListIndex().Replace(name, "");
            return !documented.Contains(key) && !documented.Any(p => p.EndsWith("__", StringComparison.Ordinal) && key.StartsWith(p, StringComparison.Ordinal));
        }).ToList();
        Assert.True(unknown.Count == 0, $"not documented in docs/configuration.md: {string.Join(", ", unknown)}");
    }

    /// <summary>
    /// <c>Streaming__Section__Key</c> for every first-column key of a table under a heading naming <c>Streaming:Section</c>;
    /// a key like <c>Client:&lt;librdkafka property&gt;</c> becomes the prefix <c>Streaming__Kafka__Client__</c>.
    /// </summary>
    private static HashSet<string> DocumentedSettings()
    {
        var settings = new HashSet<string>(StringComparer.Ordinal);
        string? section = null;
        foreach (var line in Repo.Read("docs/configuration.md").Split('\n'))
        {
            if (line.StartsWith('#'))
                section = Heading().Match(line) is { Success: true } h ? h.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal) : null;
            else if (section is not null && KeyCell().Match(line) is { Success: true } k)
                settings.Add($"{section}__{(k.Groups[1].Value.Split(":<")[0] + (k.Groups[1].Value.Contains(":<", StringComparison.Ordinal) ? "__" : "")).Replace(":", "__", StringComparison.Ordinal)}");
        }
        return settings;
    }

    [GeneratedRegex(@"`(Streaming:[A-Za-z]+)`")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\|\s*`([^`]+)`\s*\|")]
    private static partial Regex KeyCell();

    [GeneratedRegex(@"Streaming__[A-Za-z0-9_.\-]*[A-Za-z0-9.\-]")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"__\d+$")]
    private static partial Regex ListIndex();
}
