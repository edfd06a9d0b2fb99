using SocketIO.Adapters;
using SocketIO.Protocol;

namespace SocketIO;

/// <summary>
/// Selects sockets of a namespace (rooms, exceptions, flags) and acts on them. Immutable: every
/// modifier returns a new operator, so one can be kept and reused.
/// </summary>
public sealed class BroadcastOperator
{
    private static readonly HashSet<string> None = [];
    private static readonly TimeSpan DefaultAckTimeout = TimeSpan.FromSeconds(5);
    private readonly Namespace _nsp;
    private readonly IReadOnlySet<string> _rooms;
    private readonly IReadOnlySet<string> _except;
    private readonly BroadcastFlags _flags;

    internal BroadcastOperator(Namespace nsp, IReadOnlySet<string>? rooms = null, IReadOnlySet<string>? except = null, BroadcastFlags? flags = null)
    {
        _nsp = nsp;
        _rooms = rooms ?? None;
        _except = except ?? None;
        _flags = flags ?? BroadcastFlags.None;
    }

    /// <summary>The options this operator broadcasts with.</summary>
    public BroadcastOptions Options => new() { Rooms = _rooms, Except = _except, Flags = _flags };

    /// <summary>Adds target rooms.</summary>
    public BroadcastOperator To(params string[] rooms) => new(_nsp, Union(_rooms, rooms), _except, _flags);

    /// <summary>Alias of <see cref="To"/>.</summary>
    public BroadcastOperator In(params string[] rooms) => To(rooms);

    /// <summary>Adds excluded rooms.</summary>
    public BroadcastOperator Except(params string[] rooms) => new(_nsp, _rooms, Union(_except, rooms), _flags);

    /// <summary>The emit may be dropped for clients that cannot take it now.</summary>
    public BroadcastOperator Volatile => new(_nsp, _rooms, _except, _flags with { Volatile = true });

    /// <summary>Stay on this node.</summary>
    public BroadcastOperator Local => new(_nsp, _rooms, _except, _flags with { Local = true });

    /// <summary>Compression hint.</summary>
    public BroadcastOperator Compress(bool compress) => new(_nsp, _rooms, _except, _flags with { Compress = compress });

    /// <summary>Ack (and remote request) timeout.</summary>
    public BroadcastOperator Timeout(TimeSpan timeout) => new(_nsp, _rooms, _except, _flags with { Timeout = timeout });

    private static HashSet<string> Union(IReadOnlySet<string> a, string[] b)
    {
        var set = new HashSet<string>(a, StringComparer.Ordinal);
        set.UnionWith(b);
        return set;
    }

    /// <summary>Emits an event to the selected sockets. The packet is encoded once.</summary>
    public bool Emit(string eventName, params object?[] args)
    {
        CheckName(eventName);
        // A failed publish to other nodes is logged by Track; local delivery has already happened.
        _nsp.Track(_nsp.BroadcastEventAsync(_nsp.Server.Serializer.WriteEvent(eventName, args), Options), "broadcast");
        return true;
    }

    /// <summary>
    /// Emits an event that asks every selected client for an ack, and waits for all of them or the
    /// timeout (default 5 s); on timeout the result holds the acks received so far.
    /// </summary>
    public Task<BroadcastAckResult> EmitWithAckAsync(string eventName, params object?[] args)
    {
        CheckName(eventName);
        var data = _nsp.Server.Serializer.WriteEvent(eventName, args);
        var timeout = _flags.Timeout ?? DefaultAckTimeout;
        // The adapter gets the effective timeout too: it drops the acks still expected when it passes.
        var options = Options with { Flags = _flags with { Timeout = timeout } };
        var collector = new BroadcastAckCollector(_nsp, timeout);
        var serverCount = _nsp.BroadcastEventWithAck(data, options, collector.OnClientCount, collector.OnAck);
        collector.OnServerCount(serverCount);
        return collector.Task;
    }

    /// <summary>Describes the selected sockets.</summary>
    public async Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync()
    {
        var infos = await _nsp.FetchCoreAsync(Options).ConfigureAwait(false);
        return infos.Select(i => new RemoteSocket(_nsp, i)).ToList();
    }

    /// <summary>Makes the selected sockets join rooms (cluster-wide); a failure to reach other nodes is logged.</summary>
    public void SocketsJoin(params string[] rooms) => _ = SocketsJoinAsync(rooms);

    /// <summary>
    /// Makes the selected sockets join rooms. Local sockets have joined when the call returns; the task
    /// completes once the other nodes were told, and faults with <see cref="AdapterException"/> when they
    /// could not be (the failure is logged either way).
    /// </summary>
    public Task SocketsJoinAsync(params string[] rooms) => _nsp.Track(_nsp.AddSocketsCore(Options, rooms), "socketsJoin");

    /// <summary>Makes the selected sockets leave rooms (cluster-wide); a failure to reach other nodes is logged.</summary>
    public void SocketsLeave(params string[] rooms) => _ = SocketsLeaveAsync(rooms);

    /// <summary>Makes the selected sockets leave rooms; see <see cref="SocketsJoinAsync"/> for the task.</summary>
    public Task SocketsLeaveAsync(params string[] rooms) => _nsp.Track(_nsp.DeleteSocketsCore(Options, rooms), "socketsLeave");

    /// <summary>Disconnects the selected sockets; with <paramref name="close"/> their whole client connections (cluster-wide).</summary>
    public void DisconnectSockets(bool close = false) => _ = DisconnectSocketsAsync(close);

    /// <summary>Disconnects the selected sockets; see <see cref="SocketsJoinAsync"/> for the task.</summary>
    public Task DisconnectSocketsAsync(bool close = false) => _nsp.Track(_nsp.DisconnectSocketsCore(Options, close), "disconnectSockets");

    internal static void CheckName(string eventName)
    {
        if (ReservedEvents.Contains(eventName))
            throw new ArgumentException($"\"{eventName}\" is a reserved event name.", nameof(eventName));
    }
}

/// <summary>The outcome of a broadcast with acks.</summary>
public sealed record BroadcastAckResult(bool TimedOut, IReadOnlyList<SocketArgs> Responses);
