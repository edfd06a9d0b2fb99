using System.Globalization;
using System.Security.Cryptography;
using SocketIO.Engine;

namespace SocketIO.Adapters;

/// <summary>
/// The in-memory adapter's connection state recovery: stored events and disconnected sessions, in the manner of
/// socket.io-adapter's <c>SessionAwareAdapter</c> (socketio/socket.io, packages/socket.io-adapter/lib/in-memory-adapter.ts).
/// Not thread-safe: the adapter calls it under its own lock, the one its broadcasts hold while they deliver.
/// </summary>
/// <remarks>
/// <para>
/// Events are numbered without gaps. An offset is this store's tag followed by the number, so an offset made up
/// or taken from another namespace or process is refused. Each stored event is the encoded frames that the live
/// delivery wrote (shared, never copied), plus the broadcast's rooms and exceptions for filtering on restore.
/// </para>
/// <para>
/// Which events a returning client needs is worked out from three marks rather than from the age of its offset
/// (Node's rule, which refuses a quiet client whose last event is old, socket.io #4733): the last stored event
/// sent to the socket (<c>L</c>, even one its closing connection dropped), the last one stored when it disconnected
/// (<c>P</c>), and the client's own offset (<c>s</c>). It needs the events of its rooms in (<c>s</c>, <c>L</c>], which
/// the dying transport swallowed, and those after <c>P</c>; events in (<c>L</c>, <c>P</c>] were not for it, since it
/// was in its rooms and was sent none of them. Without an offset (no event received yet, socket.io #4888) <c>s</c> is the mark taken when it connected.
/// A session is restored only when every event in those ranges is still stored.
/// </para>
/// </remarks>
internal sealed class RecoveryStore
{
    private readonly ConnectionStateRecoveryOptions _options;
    private readonly TimeProvider _time;
    private readonly string _tag = NewTag();
    private Entry[] _ring = new Entry[16];
    private int _head;
    private int _count;
    private long _firstSeq = 1;
    private long _nextSeq = 1;
    private long _bytes;
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Plan> _claimed = new(StringComparer.Ordinal);

    private readonly record struct Entry(long EmittedAt, EnginePacket[] Frames, long Bytes, IReadOnlySet<string> Rooms, IReadOnlySet<string> Except);

    private sealed record Session(PersistedSession State, long DisconnectedAt, long PersistSeq);

    /// <summary>A claimed session's ranges of event numbers to replay: (<c>From</c>, <c>Until</c>] then everything after <c>After</c>.</summary>
    private sealed record Plan(Session Session, long From, long Until, long After);

    public RecoveryStore(ConnectionStateRecoveryOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    /// <summary>Stored events (for tests and diagnostics).</summary>
    public int Count => _count;

    /// <summary>Bytes of the stored events' frames.</summary>
    public long Bytes => _bytes;

    /// <summary>Sessions waiting for their client.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>The offset of the newest stored event ("nothing yet" has one too, so a new socket always gets a mark).</summary>
    public string CurrentOffset => Format(_nextSeq - 1);

    /// <summary>The offset the next stored event will have.</summary>
    public string NextOffset => Format(_nextSeq);

    /// <summary>Stores the next event: its encoded frames and who it was for. Drops the oldest past the caps.</summary>
    public void Append(EnginePacket[] frames, IReadOnlySet<string> rooms, IReadOnlySet<string> except)
    {
        long bytes = 0;
        foreach (var frame in frames)
            bytes += frame.Frame.Length;
        if (_count == _ring.Length)
            Grow();
        _ring[(_head + _count) % _ring.Length] = new Entry(Now, frames, bytes, rooms, except);
        _count++;
        _nextSeq++;
        _bytes += bytes;
        while (_count > 0 && (_count > _options.MaxStoredPackets || _bytes > _options.MaxStoredBytes))
            DropOldest();
    }

    /// <summary>
    /// Keeps a disconnected socket's session, with the mark of the last event stored when it disconnected (the session's
    /// own, read before its last delivered offset; the newest now when it has none).
    /// </summary>
    public void Persist(PersistedSession session) =>
        _sessions[session.Pid] = new Session(session, Now, Math.Min(Parse(session.DisconnectedOffset) ?? long.MaxValue, _nextSeq - 1));

    /// <summary>Claims a session for a returning client (see the class remarks); null when it cannot be restored.</summary>
    public PersistedSession? Claim(string pid, string? offset)
    {
        if (!_sessions.TryGetValue(pid, out var session))
            return null;
        if (Expired(session))
        {
            _sessions.Remove(pid);
            return null;
        }
        if (MakePlan(session, offset) is not { } plan || !IsStored(plan))
            return null;
        // Claimed once: a second client with the same pid finds nothing (socket.io #4880).
        _sessions.Remove(pid);
        _claimed[pid] = plan;
        return session.State with { Offset = offset };
    }

    /// <summary>
    /// Writes the claimed session's missed events to <paramref name="socket"/>, oldest first. False when some are
    /// gone since the claim (dropped past a cap), and then nothing was written.
    /// </summary>
    public bool Replay(string pid, ILocalSocket socket, IReadOnlySet<string> rooms)
    {
        if (!_claimed.Remove(pid, out var plan) || !IsStored(plan))
            return false;
        string? last = null;
        for (var seq = Math.Max(plan.From + 1, _firstSeq); seq <= plan.Until; seq++)
            Write(seq);
        // The socket may have been sent events after the disconnection mark was read (Until past After): not twice.
        for (var seq = Math.Max(Math.Max(plan.After, plan.Until) + 1, _firstSeq); seq < _nextSeq; seq++)
            Write(seq);
        if (last is not null)
            socket.OnStoredDelivered(last);
        return true;

        void Write(long seq)
        {
            ref readonly var entry = ref _ring[(_head + (int)(seq - _firstSeq)) % _ring.Length];
            if (!Includes(rooms, entry))
                return;
            socket.Deliver(entry.Frames, false);
            last = Format(seq);
        }
    }

    /// <summary>Drops expired sessions, claims never resumed, and events older than the longest disconnection allowed.</summary>
    public void Sweep()
    {
        foreach (var (pid, session) in _sessions)
            if (Expired(session))
                _sessions.Remove(pid);
        foreach (var (pid, plan) in _claimed)
            if (Expired(plan.Session))
                _claimed.Remove(pid);
        var threshold = Now - (long)_options.MaxDisconnectionDuration.TotalMilliseconds;
        while (_count > 0 && _ring[_head].EmittedAt < threshold)
            DropOldest();
    }

    private Plan? MakePlan(Session session, string? offset)
    {
        long? sent = null;
        if (offset is not null)
        {
            // A made-up offset, another store's, or one from the future: refused.
            if (Parse(offset) is not { } s || s >= _nextSeq)
                return null;
            sent = s;
        }
        var connected = Parse(session.State.ConnectedOffset) ?? 0;
        var delivered = Parse(session.State.LastDeliveredOffset);
        var after = session.PersistSeq;
        if (delivered is not { } last)
            return new Plan(session, after, after, after);
        var from = Math.Max(sent ?? connected, connected);
        return from >= last ? new Plan(session, after, after, after) : new Plan(session, from, last, after);
    }

    private bool IsStored(Plan plan) => Math.Min(plan.From, plan.After) + 1 >= _firstSeq;

    private bool Expired(Session session) =>
        session.DisconnectedAt + (long)_options.MaxDisconnectionDuration.TotalMilliseconds < Now;

    // socket.io-adapter's shouldIncludePacket: for every socket, or one of its rooms; and none of its rooms excepted.
    private static bool Includes(IReadOnlySet<string> rooms, in Entry entry)
    {
        if (entry.Except.Count > 0)
            foreach (var room in rooms)
                if (entry.Except.Contains(room))
                    return false;
        if (entry.Rooms.Count == 0)
            return true;
        foreach (var room in rooms)
            if (entry.Rooms.Contains(room))
                return true;
        return false;
    }

    private void DropOldest()
    {
        _bytes -= _ring[_head].Bytes;
        _ring[_head] = default;
        _head = (_head + 1) % _ring.Length;
        _count--;
        _firstSeq++;
    }

    private void Grow()
    {
        var next = new Entry[_ring.Length * 2];
        for (var i = 0; i < _count; i++)
            next[i] = _ring[(_head + i) % _ring.Length];
        _ring = next;
        _head = 0;
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private string Format(long seq) => _tag + seq.ToString(CultureInfo.InvariantCulture);

    private long? Parse(string? offset)
    {
        if (offset is null || offset.Length <= _tag.Length || !offset.StartsWith(_tag, StringComparison.Ordinal))
            return null;
        return long.TryParse(offset.AsSpan(_tag.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : null;
    }

    // Six letters (the number that follows starts with a digit), random per store.
    private static string NewTag() => string.Create(6, 0, static (chars, _) =>
    {
        for (var i = 0; i < chars.Length; i++)
            chars[i] = (char)('a' + RandomNumberGenerator.GetInt32(26));
    });
}
