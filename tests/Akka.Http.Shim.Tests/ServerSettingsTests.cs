using Akka.Configuration;
using Akka.Http.Dsl.Settings;

namespace Akka.Http.Shim.Tests;

public class ServerSettingsTests
{
    [Fact]
    public void Without_configuration_the_documented_defaults_apply()
    {
        var settings = ServerSettings.Create(Config.Empty);
        Assert.Equal("akka-http/1.0", settings.ServerHeader);
        Assert.False(settings.RemoteAddressAttribute);
        Assert.Equal(80, settings.DefaultHttpPort);
        Assert.Equal(443, settings.DefaultHttpsPort);
        Assert.Equal(503, settings.TerminationDeadlineExceededResponse);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.TerminationHardDeadline);
    }

    [Fact]
    public void Configured_values_override_the_defaults_key_by_key()
    {
        var settings = ServerSettings.Create(ConfigurationFactory.ParseString("""
            akka.http.server {
              server-header = ""
              default-http-port = 8080
              termination-deadline-exceeded-response.status = 500
              termination-hard-deadline = 250ms
            }
            """));
        Assert.Equal("", settings.ServerHeader);
        Assert.Equal(8080, settings.DefaultHttpPort);
        Assert.Equal(443, settings.DefaultHttpsPort);
        Assert.Equal(500, settings.TerminationDeadlineExceededResponse);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.TerminationHardDeadline);
    }

    [Theory]
    [InlineData("termination-deadline-exceeded-response.status = 999", "termination-deadline-exceeded-response.status")]
    [InlineData("default-http-port = 70000", "default-http-port")]
    [InlineData("default-https-port = -1", "default-https-port")]
    [InlineData("termination-hard-deadline = 0s", "termination-hard-deadline")]
    public void An_invalid_value_is_refused_naming_its_key(string setting, string key)
    {
        var error = Assert.Throws<ConfigurationException>(() => ServerSettings.Create(ConfigurationFactory.ParseString($"akka.http.server.{setting}")));
        Assert.Contains($"akka.http.server.{key}", error.Message, StringComparison.Ordinal);
    }
}
