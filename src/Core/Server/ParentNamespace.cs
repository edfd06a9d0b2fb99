using System.Text.Json;
using SocketIO.Adapters;
using SocketIO.Protocol;

namespace SocketIO;

/// <summary>
/// A dynamic namespace matcher (<c>io.Of(regex)</c> or <c>io.Of(predicate)</c>). Its middleware and
/// connection handlers are copied into each child when the child is created; its emits reach every child.
/// Clients cannot connect to the parent itself.
/// </summary>
public sealed class ParentNamespace : Namespace
{
    private static int _count;
    private readonly Func<string, JsonElement, ValueTask<bool>> _matcher;
    private readonly Lock _childrenLock = new();
    private Namespace[] _children = [];

    internal ParentNamespace(SocketIOServer server, Func<string, JsonElement, ValueTask<bool>> matcher, System.Text.RegularExpressions.Regex? regex)
        : base(server, "/_" + Interlocked.Increment(ref _count).ToString(System.Globalization.CultureInfo.InvariantCulture))
    {
        _matcher = matcher;
        Regex = regex;
    }

    /// <summary>The regex, for a regex parent.</summary>
    public System.Text.RegularExpressions.Regex? Regex { get; }

    /// <summary>The child namespaces created so far.</summary>
    public IReadOnlyList<Namespace> Children => _children;

    internal ValueTask<bool> MatchesAsync(string name, JsonElement auth) => _matcher(name, auth);

    internal Namespace CreateChild(string name)
    {
        var child = new Namespace(Server, name, this);
        child.InitAdapter();
        lock (_childrenLock)
            _children = [.. _children, child];
        return child;
    }

    internal void RemoveChild(Namespace child)
    {
        lock (_childrenLock)
            _children = _children.Where(c => c != child).ToArray();
    }

    /// <summary>Not available on a parent namespace, as in Node.</summary>
    public override Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync() =>
        throw new NotSupportedException("FetchSockets() is not supported on parent namespaces.");

    internal override void BroadcastEvent(PacketData data, BroadcastOptions options)
    {
        foreach (var child in _children)
            child.BroadcastEvent(data, options);
    }

    internal override void BroadcastEventWithAck(PacketData data, BroadcastOptions options, Action<int> clientCount, Action<PacketData?> ack)
    {
        var children = _children;
        var total = 0;
        var remaining = children.Length;
        if (remaining == 0)
        {
            clientCount(0);
            return;
        }
        foreach (var child in children)
            child.BroadcastEventWithAck(data, options, n =>
            {
                var sum = Interlocked.Add(ref total, n);
                if (Interlocked.Decrement(ref remaining) == 0)
                    clientCount(sum);
            }, ack);
    }

    internal override Task<IReadOnlyList<SocketInfo>> FetchCoreAsync(BroadcastOptions options) =>
        throw new NotSupportedException("FetchSockets() is not supported on parent namespaces.");

    internal override void AddSocketsCore(BroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        foreach (var child in _children)
            child.AddSocketsCore(options, rooms);
    }

    internal override void DeleteSocketsCore(BroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        foreach (var child in _children)
            child.DeleteSocketsCore(options, rooms);
    }

    internal override void DisconnectSocketsCore(BroadcastOptions options, bool close)
    {
        foreach (var child in _children)
            child.DisconnectSocketsCore(options, close);
    }
}
