using SocketIO.Adapters;
using SocketIO.Adapters.Cluster;

namespace SocketIO.TestSupport;

/// <summary>
/// An in-process broker for <see cref="ClusterAdapter"/>s: every publish is encoded with
/// <see cref="ClusterMessageCodec"/> (msgpack) and decoded again by each receiver, on the thread pool,
/// as a real broker would hand it over. A node can be cut off to play a dead or unreachable peer.
/// </summary>
public sealed class MemoryBroker
{
    private readonly List<MemoryClusterAdapter> _adapters = [];

    /// <summary>Every message published, in order (encoded bytes).</summary>
    public int Published => Volatile.Read(ref _published);

    private int _published;

    /// <summary>Creates the adapter factory for one server (node).</summary>
    public IAdapterFactory Node(ClusterAdapterOptions? options = null) => new Factory(this, options ?? new ClusterAdapterOptions());

    /// <summary>Adapters whose node no longer receives or publishes (a dead node).</summary>
    public HashSet<string> Cut { get; } = [];

    /// <summary>When set, every publish fails (the broker is unreachable).</summary>
    public bool Down { get; set; }

    internal void Attach(MemoryClusterAdapter adapter)
    {
        lock (_adapters)
            _adapters.Add(adapter);
    }

    internal void Detach(MemoryClusterAdapter adapter)
    {
        lock (_adapters)
            _adapters.Remove(adapter);
    }

    internal Task PublishAsync(MemoryClusterAdapter from, ClusterMessage message, string? toUid)
    {
        if (Down)
            return Task.FromException(new IOException("broker unreachable"));
        lock (Cut)
            if (Cut.Contains(from.Uid))
                return Task.CompletedTask;
        Interlocked.Increment(ref _published);
        var bytes = ClusterMessageCodec.EncodeMsgpack(message);
        MemoryClusterAdapter[] targets;
        lock (_adapters)
            targets = _adapters.Where(a => a != from && a.Host.Name == message.Namespace && (toUid is null || a.Uid == toUid)).ToArray();
        foreach (var target in targets)
        {
            lock (Cut)
                if (Cut.Contains(target.Uid))
                    continue;
            target.Enqueue(bytes, isResponse: toUid is not null);
        }
        return Task.CompletedTask;
    }

    private sealed class Factory(MemoryBroker broker, ClusterAdapterOptions options) : IAdapterFactory
    {
        public Adapter Create(IAdapterHost host) => new MemoryClusterAdapter(host, broker, options);
    }
}

/// <summary>A <see cref="ClusterAdapter"/> over <see cref="MemoryBroker"/>.</summary>
public sealed class MemoryClusterAdapter : ClusterAdapter
{
    private readonly MemoryBroker _broker;
    // One reader per node keeps each publisher's messages in order, as a broker connection does.
    private readonly System.Threading.Channels.Channel<(byte[] Bytes, bool IsResponse)> _inbox =
        System.Threading.Channels.Channel.CreateUnbounded<(byte[], bool)>(new() { SingleReader = true });

    internal MemoryClusterAdapter(IAdapterHost host, MemoryBroker broker, ClusterAdapterOptions options)
        : base(host, options)
    {
        _broker = broker;
        _ = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Hands the node a message as the broker would (tests use it to inject bad or foreign input).</summary>
    public void Enqueue(byte[] bytes, bool isResponse) => _inbox.Writer.TryWrite((bytes, isResponse));

    private async Task ReceiveLoopAsync()
    {
        await foreach (var (bytes, isResponse) in _inbox.Reader.ReadAllAsync())
            Receive(bytes, isResponse);
    }

    public override Task InitAsync(CancellationToken cancellationToken = default)
    {
        _broker.Attach(this);
        return base.InitAsync(cancellationToken);
    }

    protected override async Task<string?> PublishAsync(ClusterMessage message)
    {
        await _broker.PublishAsync(this, message, null);
        return null;
    }

    protected override Task PublishResponseAsync(string requesterUid, ClusterMessage response) => _broker.PublishAsync(this, response, requesterUid);

    internal void Receive(byte[] bytes, bool isResponse)
    {
        var message = ClusterMessageCodec.Decode(bytes);
        if (isResponse)
            OnResponse(message);
        else
            OnMessage(message);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _broker.Detach(this);
        _inbox.Writer.TryComplete();
    }
}
