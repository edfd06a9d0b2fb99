using System.Text.Encodings.Web;
using System.Text.Json;
using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO.Adapters;

public partial class InMemoryAdapter
{
    private static readonly IReadOnlySet<string> NoExcept = new HashSet<string>();
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(60);
    private RecoveryStore? _store;
    private ITimer? _sweep;

    /// <summary>
    /// Whether this adapter keeps recovery's events and sessions in memory when recovery is on (the default). An
    /// adapter whose broker stores them instead (Redis streams) returns false, overrides the session methods, and
    /// delivers its own recoverable broadcasts with the broker's offsets (the streams adapter lets its stream reader
    /// deliver them, so that every client sees offsets in stream order); <see cref="BroadcastLocal"/> without an
    /// offset then delivers untagged.
    /// </summary>
    protected virtual bool StoresEventsLocally => true;

    /// <summary>The local store, created on first use when recovery is on; null otherwise. Call under <c>_lock</c>.</summary>
    private RecoveryStore? Store
    {
        get
        {
            if (_store is not null || Host.Recovery is not { } options || !StoresEventsLocally)
                return _store;
            _store = new RecoveryStore(options, Host.Time);
            _sweep = Host.Time.CreateTimer(static s => ((InMemoryAdapter)s!).Sweep(), this, SweepInterval, SweepInterval);
            return _store;
        }
    }

    /// <summary>Stored events and sessions waiting in the local store, for tests and diagnostics.</summary>
    internal (int Events, long Bytes, int Sessions) RecoveryStats
    {
        get
        {
            lock (_lock)
                return _store is { } s ? (s.Count, s.Bytes, s.SessionCount) : (0, 0, 0);
        }
    }

    /// <summary>Whether recovery stores and tags this packet (Node: an event, with no ack id, not volatile).</summary>
    protected static bool IsRecoverable(SocketPacket packet, BroadcastOptions options) =>
        packet.Type == PacketType.Event && packet.Id is null && !options.Flags.Volatile;

    /// <summary>The packet with <paramref name="offset"/> appended to its arguments, where the client looks for it.</summary>
    protected static SocketPacket WithOffset(SocketPacket packet, string offset)
    {
        var json = packet.Data!.Utf8Json.Span;
        var end = json.LastIndexOf((byte)']');
        if (end < 0)
            throw new ArgumentException("An event's data must be a JSON array.", nameof(packet));
        var value = JsonEncodedText.Encode(offset, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        var empty = json[..end].TrimEnd(" \t\r\n"u8).EndsWith("["u8);
        var next = new byte[end + (empty ? 0 : 1) + value.Length + 2 + (json.Length - end)];
        json[..end].CopyTo(next);
        var at = end;
        if (!empty)
            next[at++] = (byte)',';
        next[at++] = (byte)'"';
        value.CopyTo(next.AsSpan(at));
        at += value.Length;
        next[at++] = (byte)'"';
        json[end..].CopyTo(next.AsSpan(at));
        return new SocketPacket(packet.Type, packet.Namespace, new PacketData(next, packet.Data.Attachments), packet.Id);
    }

    // The offset is taken, the event encoded, stored and delivered under the lock that every stored delivery and
    // every restore takes, so each socket receives stored events in offset order and a restore sees a clean cut.
    private void BroadcastStored(SocketPacket packet, BroadcastOptions options)
    {
        lock (_lock)
        {
            var store = Store!;
            var offset = store.NextOffset;
            var encoded = Host.Parser.Encode(WithOffset(packet, offset));
            store.Append(encoded, options.Rooms, options.Except);
            Deliver(encoded, options, false, offset);
        }
    }

    /// <inheritdoc />
    public override ValueTask EmitToSocketAsync(string socketId, SocketPacket packet)
    {
        if (Host.Recovery is null || !StoresEventsLocally)
            return base.EmitToSocketAsync(socketId, packet);
        lock (_lock)
        {
            if (!Host.TryGetSocket(socketId, out var socket))
                return ValueTask.CompletedTask;
            var store = Store!;
            var offset = store.NextOffset;
            var encoded = Host.Parser.Encode(WithOffset(packet, offset));
            store.Append(encoded, new HashSet<string>(1, StringComparer.Ordinal) { socketId }, NoExcept);
            socket.Deliver(encoded, false);
            socket.OnStoredDelivered(offset);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string? CurrentOffset
    {
        get
        {
            lock (_lock)
                return Store?.CurrentOffset;
        }
    }

    /// <inheritdoc />
    public override ValueTask PersistSessionAsync(PersistedSession session)
    {
        lock (_lock)
            Store?.Persist(session);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask<PersistedSession?> RestoreSessionAsync(string pid, string? offset, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return ValueTask.FromResult(Store?.Claim(pid, offset));
    }

    /// <inheritdoc />
    public override ValueTask<bool> ResumeSessionAsync(ILocalSocket socket, PersistedSession session)
    {
        lock (_lock)
        {
            if (Store is not { } store)
                return base.ResumeSessionAsync(socket, session);
            if (!store.Replay(session.Pid, socket, session.Rooms))
                return ValueTask.FromResult(false);
            AddAll(socket.Id, session.Rooms);
            return ValueTask.FromResult(true);
        }
    }

    private void Sweep()
    {
        lock (_lock)
            _store?.Sweep();
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        _sweep?.Dispose();
        return base.DisposeAsync();
    }
}
