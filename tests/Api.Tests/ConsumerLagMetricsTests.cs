using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Api.Ingest;

namespace Streaming.Api.Tests;

/// <summary>The processors' consumer lag that the alert StreamingConsumerLagGrowing and the dashboards read.</summary>
public sealed class ConsumerLagMetricsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task The_lag_is_the_log_end_minus_the_committed_offset_or_the_whole_log_before_a_commit()
    {
        var group = gateway.Services.GetRequiredService<ProcessorGroup>().Id;
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = gateway.Bootstrap }).Build())
        {
            for (var i = 0; i < 5; i++) await producer.ProduceAsync(new TopicPartition("user_events", 1), new Message<Null, string> { Value = "{}" });
            for (var i = 0; i < 3; i++) await producer.ProduceAsync(new TopicPartition("user_events", 2), new Message<Null, string> { Value = "{}" });
        }
        using (var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = gateway.Bootstrap, GroupId = group }).Build())
            consumer.Commit([new TopicPartitionOffset("user_events", 1, 2)]);

        var metrics = gateway.Services.GetRequiredService<ConsumerLagMetrics>();
        await metrics.RefreshAsync();

        var lags = metrics.Lags.ToDictionary(l => (l.Partition.Topic, l.Partition.Partition.Value), l => l.Lag);
        Assert.Equal(3, lags[("user_events", 1)]);
        Assert.Equal(3, lags[("user_events", 2)]);
        Assert.Equal(0, lags[("user_events", 0)]);
        var exported = Gauge(gateway.Services.GetRequiredService<IMeterFactory>(), "streaming_gateway_consumer_lag_records");
        Assert.Equal(3, exported[(group, "user_events", "1")]);
        Assert.Equal(3, exported[(group, "user_events", "2")]);
        Assert.Equal(lags.Count, exported.Count);
    }

    /// <summary>One observable gauge of the meters <paramref name="factory"/> made, by (group, topic, partition).</summary>
    private static Dictionary<(string Group, string Topic, string Partition), long> Gauge(IMeterFactory factory, string name)
    {
        var values = new Dictionary<(string, string, string), long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (ReferenceEquals(i.Meter.Scope, factory) && i.Name == name) l.EnableMeasurementEvents(i);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var labels = new Dictionary<string, string>();
            foreach (var tag in tags) labels[tag.Key] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture)!;
            values[(labels["group"], labels["topic"], labels["partition"])] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
