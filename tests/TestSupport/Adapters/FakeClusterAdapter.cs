using SocketIO.Adapters;
using SocketIO.Protocol;

namespace SocketIO.TestSupport;

/// <summary>
/// An in-memory adapter that pretends to be one node of a cluster: it reports a configurable server
/// count, records the options of every broadcast, and lets a test play the other nodes' answers to a
/// broadcast with acks (one clientCount call per responding node, then their clients' acks).
/// </summary>
public sealed class FakeClusterAdapter(IAdapterHost host, Task<int> serverCount) : InMemoryAdapter(host)
{
    private readonly List<BroadcastOptions> _broadcasts = [];
    private (Action<int> ClientCount, Action<PacketData?> Ack)? _lastWithAck;

    public IReadOnlyList<BroadcastOptions> Broadcasts
    {
        get
        {
            lock (_broadcasts)
                return [.. _broadcasts];
        }
    }

    public override ValueTask BroadcastAsync(SocketPacket packet, BroadcastOptions options)
    {
        lock (_broadcasts)
            _broadcasts.Add(options);
        return base.BroadcastAsync(packet, options);
    }

    public override ValueTask BroadcastWithAckAsync(SocketPacket packet, BroadcastOptions options, Action<int> clientCount, Action<PacketData?> ack)
    {
        lock (_broadcasts)
        {
            _broadcasts.Add(options);
            _lastWithAck = (clientCount, ack);
        }
        return base.BroadcastWithAckAsync(packet, options, clientCount, ack);
    }

    public override Task<int> ServerCountAsync(CancellationToken cancellationToken = default) => serverCount;

    /// <summary>Plays another node: it reached <paramref name="clients"/> clients.</summary>
    public void RemoteClientCount(int clients) => LastWithAck().ClientCount(clients);

    /// <summary>Plays a client on another node acking the last broadcast.</summary>
    public void RemoteAck(PacketData data) => LastWithAck().Ack(data);

    private (Action<int> ClientCount, Action<PacketData?> Ack) LastWithAck()
    {
        lock (_broadcasts)
            return _lastWithAck ?? throw new InvalidOperationException("no broadcast with acks yet");
    }
}

/// <summary>Creates <see cref="FakeClusterAdapter"/>s that report the given server count.</summary>
public sealed class FakeClusterAdapterFactory(Task<int> serverCount) : IAdapterFactory
{
    private readonly Dictionary<string, FakeClusterAdapter> _created = new(StringComparer.Ordinal);

    public FakeClusterAdapterFactory(int serverCount)
        : this(Task.FromResult(serverCount))
    {
    }

    public FakeClusterAdapter this[string nsp]
    {
        get
        {
            lock (_created)
                return _created[nsp];
        }
    }

    public Adapter Create(IAdapterHost host)
    {
        var adapter = new FakeClusterAdapter(host, serverCount);
        lock (_created)
            _created[host.Name] = adapter;
        return adapter;
    }
}
