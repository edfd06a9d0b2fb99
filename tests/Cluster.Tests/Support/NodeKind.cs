namespace SocketIO.Cluster.Tests.Support;

/// <summary>Which implementation of the cluster-node contract a node runs.</summary>
public enum NodeKind
{
    /// <summary>tests/TestSupport/js/cluster-node.js: socket.io 4.8 with the official Redis adapters.</summary>
    Node,

    /// <summary>samples/Cluster: this project's server with its Redis adapter.</summary>
    DotNet,
}
