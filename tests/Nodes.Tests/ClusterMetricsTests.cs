using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Queries;

namespace Streaming.Nodes.Tests;

/// <summary>The membership gauges that the alert StreamingClusterMemberUnreachable and the cluster dashboard read.</summary>
public sealed class ClusterMetricsTests
{
    [Fact]
    public void Unreachable_members_and_members_by_status_are_measured_once_the_actor_system_runs()
    {
        using var provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        var metrics = new ClusterMetrics(factory);
        using var gauges = new GaugeReader(factory);
        Assert.Empty(gauges.Read());

        metrics.Attach(new FixedCluster(
            new ClusterMemberView("akka.tcp://streaming@a:4053", "Up", ["gateway"], Reachable: true),
            new ClusterMemberView("akka.tcp://streaming@b:4053", "Up", ["processor"], Reachable: false),
            new ClusterMemberView("akka.tcp://streaming@c:4053", "Joining", ["processor"], Reachable: true)));

        var read = gauges.Read();
        Assert.Equal(1, read[("streaming_cluster_unreachable_members", "")]);
        Assert.Equal(2, read[("streaming_cluster_members", "Up")]);
        Assert.Equal(1, read[("streaming_cluster_members", "Joining")]);
        Assert.Equal(3, read.Count);
    }

    /// <summary>The observable gauges of the meters <paramref name="factory"/> made (not those of nodes other tests run).</summary>
    private sealed class GaugeReader : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<(string, string), int> _values = [];

        public GaugeReader(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (ReferenceEquals(i.Meter.Scope, factory)) l.EnableMeasurementEvents(i);
            };
            _listener.SetMeasurementEventCallback<int>((i, value, tags, _) =>
            {
                var status = "";
                foreach (var tag in tags)
                    if (tag.Key == "status") status = (string)tag.Value!;
                _values[(i.Name, status)] = value;
            });
            _listener.Start();
        }

        public Dictionary<(string Instrument, string Status), int> Read()
        {
            _values.Clear();
            _listener.RecordObservableInstruments();
            return new Dictionary<(string, string), int>(_values);
        }

        public void Dispose() => _listener.Dispose();
    }

    private sealed class FixedCluster(params ClusterMemberView[] members) : IClusterAdmin
    {
        public ClusterView View() => new(members[0].Address, members[0].Address, members[0].Address, members);
        public bool Down(string address) => false;
        public bool Leave(string address) => false;
        public IReadOnlyList<string> DownUnreachable() => [];

#pragma warning disable CS1998 // No event ever: the metrics read only the view.
        public async IAsyncEnumerable<ClusterEventView> Events([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            yield break;
        }
#pragma warning restore CS1998
    }
}
