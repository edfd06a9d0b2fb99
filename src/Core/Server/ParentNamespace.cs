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
    // Process-wide, like Node's: parents are named /_0, /_1, ... (docs/protocol.md#dynamic-namespaces).
    private static int _count = -1;
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

    internal override ValueTask BroadcastEventAsync(PacketData data, BroadcastOptions options) =>
        ForEachChild(child => child.BroadcastEventAsync(data, options));

    internal override Task<int> BroadcastEventWithAck(PacketData data, BroadcastOptions options, Action<int> clientCount, Action<PacketData?> ack)
    {
        // Each child broadcasts through its own adapter, so every child's servers report separately.
        var children = _children;
        if (children.Length == 0)
            return Task.FromResult(0);
        var serverCounts = new Task<int>[children.Length];
        for (var i = 0; i < children.Length; i++)
            serverCounts[i] = children[i].BroadcastEventWithAck(data, options, clientCount, ack);
        return SumAsync(serverCounts);
    }

    private static async Task<int> SumAsync(Task<int>[] counts) => (await Task.WhenAll(counts).ConfigureAwait(false)).Sum();

    internal override Task<IReadOnlyList<SocketInfo>> FetchCoreAsync(BroadcastOptions options) =>
        throw new NotSupportedException("FetchSockets() is not supported on parent namespaces.");

    internal override ValueTask AddSocketsCore(BroadcastOptions options, IReadOnlyCollection<string> rooms) =>
        ForEachChild(child => child.AddSocketsCore(options, rooms));

    internal override ValueTask DeleteSocketsCore(BroadcastOptions options, IReadOnlyCollection<string> rooms) =>
        ForEachChild(child => child.DeleteSocketsCore(options, rooms));

    internal override ValueTask DisconnectSocketsCore(BroadcastOptions options, bool close) =>
        ForEachChild(child => child.DisconnectSocketsCore(options, close));

    // Runs the operation on every child (each through its own adapter); completes when all have.
    private ValueTask ForEachChild(Func<Namespace, ValueTask> operation)
    {
        List<Task>? pending = null;
        foreach (var child in _children)
        {
            var result = operation(child);
            if (!result.IsCompletedSuccessfully)
                (pending ??= []).Add(result.AsTask());
        }
        return pending is null ? ValueTask.CompletedTask : new ValueTask(Task.WhenAll(pending));
    }
}
