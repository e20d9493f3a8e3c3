namespace Streaming.Deploy.Tests;

public sealed class ComposeTests
{
    [Fact]
    public void Compose_file_validates_with_docker_compose()
    {
        var (exit, _, stderr) = Repo.Run("docker-compose", "docker-compose", "-f", "docker-compose.yml", "config", "-q");
        Assert.True(exit == 0, $"docker-compose config -q failed ({exit}): {stderr}");
    }

    [Fact]
    public void Every_node_is_a_contact_point_of_the_others()
    {
        var services = Repo.LoadYaml(Repo.Read("docker-compose.yml")).Single().Map("services");
        var nodes = services.Where(s => s.Value.Get("build") is not null).ToList();
        Assert.True(nodes.Count >= 2, "docker-compose.yml builds fewer than two nodes from the Dockerfile");
        var roles = new HashSet<string>();
        foreach (var (name, service) in nodes)
        {
            var env = service.Map("environment");
            Assert.Equal("config", env.Str("Streaming__Cluster__Formation"));
            var hostname = env.Str("Streaming__Cluster__Hostname");
            Assert.Equal(name.ToString(), hostname);
            // Management binds on Hostname:ManagementPort (default 8558); config bootstrap waits for every listed point.
            var port = env.Str("Streaming__Cluster__ManagementPort") ?? "8558";
            var contactPoints = env.Str("Streaming__Cluster__ContactPoints")!.Split(',', StringSplitOptions.TrimEntries);
            Assert.Equal(nodes.Select(n => $"{n.Key}:{port}").Order(), contactPoints.Order());
            roles.UnionWith(env.Str("Streaming__Cluster__Roles")!.Split(','));
        }
        Assert.Equal(["gateway", "processor"], roles.Order());
    }
}
