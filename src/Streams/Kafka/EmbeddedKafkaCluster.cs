using System.Runtime.InteropServices;

namespace Streaming.Streams.Kafka;

/// <summary>
/// librdkafka's in-process mock cluster: a Kafka-protocol broker on 127.0.0.1 that any Kafka
/// client (Confluent.Kafka in this or another process, kcat) can use. It keeps about 5 MiB per
/// partition and does not implement topic admin, so topics are created through its own API.
/// </summary>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private readonly object _gate = new();
    private IntPtr _handle;
    private IntPtr _cluster;

    private EmbeddedKafkaCluster(IntPtr handle, IntPtr cluster, int brokers)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokers;
        BootstrapServers = Marshal.PtrToStringUTF8(LibRdKafka.rd_kafka_mock_cluster_bootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster reported no bootstrap address.");
    }

    public string BootstrapServers { get; }
    public int BrokerCount { get; }

    public static EmbeddedKafkaCluster Start(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        LibRdKafka.EnsureLoaded();
        var errstr = new byte[512];
        var conf = LibRdKafka.rd_kafka_conf_new();
        // The handle only hosts the mock cluster's threads; keep its own logging quiet.
        LibRdKafka.rd_kafka_conf_set(conf, "log_level", "3", errstr, (nuint)errstr.Length);
        var rk = LibRdKafka.rd_kafka_new(0, conf, errstr, (nuint)errstr.Length);
        if (rk == IntPtr.Zero)
            throw new InvalidOperationException("rd_kafka_new failed: " + System.Text.Encoding.UTF8.GetString(errstr).TrimEnd('\0'));
        var cluster = LibRdKafka.rd_kafka_mock_cluster_new(rk, brokers);
        if (cluster == IntPtr.Zero)
        {
            LibRdKafka.rd_kafka_destroy(rk);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }
        // Without a controller DescribeCluster never answers; without the delay override every
        // consumer group join waits the broker default of 3 s.
        Check(LibRdKafka.rd_kafka_mock_set_controller_id(cluster, 1), "set the controller");
        LibRdKafka.rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0);
        // KIP-848 groups: a member that died (SIGKILL) gives up its partitions after 6 s, not 45 s.
        LibRdKafka.rd_kafka_mock_set_group_consumer_session_timeout_ms(cluster, 6000);
        LibRdKafka.rd_kafka_mock_set_group_consumer_heartbeat_interval_ms(cluster, 1000);
        return new EmbeddedKafkaCluster(rk, cluster, brokers);
    }

    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        Check(LibRdKafka.rd_kafka_mock_topic_create(Cluster(), topic, partitions, Math.Min(replicationFactor, BrokerCount)), $"create topic '{topic}'");
    }

    /// <summary>Disconnects every broker and refuses new connections (data is kept).</summary>
    public void SetDown()
    {
        for (var id = 1; id <= BrokerCount; id++) Check(LibRdKafka.rd_kafka_mock_broker_set_down(Cluster(), id), "set a broker down");
    }

    public void SetUp()
    {
        for (var id = 1; id <= BrokerCount; id++) Check(LibRdKafka.rd_kafka_mock_broker_set_up(Cluster(), id), "set a broker up");
    }

    private static void Check(int err, string what)
    {
        if (err != 0)
            throw new InvalidOperationException($"The embedded broker could not {what}: {Marshal.PtrToStringUTF8(LibRdKafka.rd_kafka_err2str(err))}");
    }

    private IntPtr Cluster()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            return _cluster;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero) LibRdKafka.rd_kafka_mock_cluster_destroy(_cluster);
            if (_handle != IntPtr.Zero) LibRdKafka.rd_kafka_destroy(_handle);
            _cluster = IntPtr.Zero;
            _handle = IntPtr.Zero;
        }
    }
}
