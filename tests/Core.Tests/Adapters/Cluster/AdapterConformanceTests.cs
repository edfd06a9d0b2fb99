using SocketIO.Adapters;
using SocketIO.TestSupport;

namespace SocketIO.Tests.Adapters.Cluster;

/// <summary>The suite on the single-node in-memory adapter.</summary>
public sealed class InMemoryAdapterConformanceTests : AdapterConformanceTests
{
    protected override int Nodes => 1;

    protected override IAdapterFactory CreateNode(string cluster, int node) => new InMemoryAdapterFactory();
}

/// <summary>The suite on <see cref="SocketIO.Adapters.Cluster.ClusterAdapter"/> over an in-process broker (three nodes, heartbeat liveness).</summary>
public sealed class MemoryClusterAdapterConformanceTests : AdapterConformanceTests
{
    private static readonly Dictionary<string, MemoryBroker> Brokers = [];

    protected override int Nodes => 3;

    protected override IAdapterFactory CreateNode(string cluster, int node)
    {
        lock (Brokers)
        {
            if (!Brokers.TryGetValue(cluster, out var broker))
                Brokers[cluster] = broker = new MemoryBroker();
            return broker.Node();
        }
    }
}
