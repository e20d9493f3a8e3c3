using System.Reflection;
using System.Runtime.InteropServices;

namespace Streaming.Streams.Kafka;

/// <summary>
/// P/Invoke surface of the librdkafka native library that librdkafka.redist ships, for the calls
/// Confluent.Kafka does not expose (the mock cluster). The default <c>librdkafka.so</c> of the
/// package needs libsasl2.so.3, which Debian 12 lacks, so the resolver tries the same fallbacks
/// Confluent.Kafka does and reuses whichever copy the process can load.
/// </summary>
internal static partial class LibRdKafka
{
    private const string Lib = "librdkafka";
    private static readonly Lazy<bool> Resolver = new(Install);

    public static void EnsureLoaded() => _ = Resolver.Value;

    private static bool Install()
    {
        Confluent.Kafka.Library.Load();
        NativeLibrary.SetDllImportResolver(typeof(LibRdKafka).Assembly, Resolve);
        return true;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Lib) return IntPtr.Zero;
        var baseDir = AppContext.BaseDirectory;
        var rid = RuntimeInformation.RuntimeIdentifier.StartsWith("linux-arm64", StringComparison.Ordinal) ? "linux-arm64" : "linux-x64";
        string[] candidates =
        [
            Path.Combine(baseDir, "runtimes", rid, "native", "librdkafka.so"),
            Path.Combine(baseDir, "runtimes", rid, "native", "centos8-librdkafka.so"),
            Path.Combine(baseDir, "runtimes", rid, "native", "alpine-librdkafka.so"),
            Path.Combine(baseDir, "librdkafka.so"),
            "librdkafka.so.1",
        ];
        foreach (var candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        }
        throw new DllNotFoundException($"librdkafka could not be loaded from any of: {string.Join(", ", candidates)}");
    }

    [LibraryImport(Lib)] internal static partial IntPtr rd_kafka_conf_new();
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, byte[] errstr, nuint errstrSize);
    [LibraryImport(Lib)] internal static partial IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, nuint errstrSize);
    [LibraryImport(Lib)] internal static partial void rd_kafka_destroy(IntPtr rk);
    [LibraryImport(Lib)] internal static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);
    [LibraryImport(Lib)] internal static partial void rd_kafka_mock_cluster_destroy(IntPtr mcluster);
    [LibraryImport(Lib)] internal static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_topic_create(IntPtr mcluster, string topic, int partitions, int replicationFactor);
    [LibraryImport(Lib)] internal static partial int rd_kafka_mock_set_controller_id(IntPtr mcluster, int brokerId);
    [LibraryImport(Lib)] internal static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr mcluster, int delayMs);
    [LibraryImport(Lib)] internal static partial int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);
    [LibraryImport(Lib)] internal static partial int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);
    [LibraryImport(Lib)] internal static partial IntPtr rd_kafka_err2str(int err);
    [LibraryImport(Lib)] internal static partial void rd_kafka_mock_set_group_consumer_session_timeout_ms(IntPtr mcluster, int timeoutMs);
    [LibraryImport(Lib)] internal static partial void rd_kafka_mock_set_group_consumer_heartbeat_interval_ms(IntPtr mcluster, int intervalMs);
}
