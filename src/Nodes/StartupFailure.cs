using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Streaming.Nodes;

/// <summary>The one line that tells a person why the node did not start, for the failures a configuration causes.</summary>
public static class StartupFailure
{
    /// <summary>Exit code of a node that could not start as configured.</summary>
    public const int ExitCode = 2;

    /// <summary>The line to print, or null when the failure is not one a setting explains (then it is a bug, and the stack trace helps).</summary>
    public static string? Explain(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StartupException startup:
                    return startup.Message;
                case IOException io when io.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase):
                    return $"{io.Message.TrimEnd('.')}: stop the process that uses it, or choose another address with Streaming__Gateway__Urls (e.g. http://0.0.0.0:8889)";
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } socket:
                    return $"{socket.Message.TrimEnd('.')}: an address the node binds (gateway or Akka remoting port) is in use; stop the other process or change Streaming__Gateway__Urls / Streaming__Cluster__Port";
                case OptionsValidationException options:
                    return $"invalid setting: {string.Join("; ", options.Failures)}";
                case Confluent.Kafka.KafkaException kafka:
                    return $"Kafka did not answer as needed at start ({kafka.Error.Reason.TrimEnd('.')}): check Streaming__Kafka__BootstrapServers, " +
                        "or create the topics yourself and set Streaming__Kafka__CreateTopics=false";
                case InvalidOperationException invalid when invalid.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                    return $"invalid setting: {invalid.Message} (environment: Streaming__Section__Key)";
            }
        }
        return null;
    }
}
