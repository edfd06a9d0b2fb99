using System.Globalization;
using System.Runtime.CompilerServices;
using SocketIO.Adapters.Cluster;
using SocketIO.Protocol;
using StackExchange.Redis;

namespace SocketIO.Adapters.Redis.Internal.Streams;

/// <summary>
/// Connection state recovery on the stream: the stream keeps the events (their entry ids are the offsets) and Redis
/// keeps the sessions, so a client that drops from one node comes back on any node (docs/protocol.md#redis-streams).
/// </summary>
internal sealed partial class StreamsRedisAdapter
{
    // A node that lost the client may still be writing its session when the client is already back on another node
    // (socket.io-redis-streams-adapter #26): a restore that finds no session looks again a few times, about 1.2 s in all.
    private static readonly TimeSpan[] ClaimRetries = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(450)];
    private static readonly TimeSpan ResumeWait = TimeSpan.FromSeconds(5);
    private const int RangeBatch = 1000;
    private const int MaxRangeCalls = 100;
    private const int MaxResumeRounds = 10;
    private readonly ConditionalWeakTable<PersistedSession, RecoveryPlan> _plans = new();

    /// <summary>The stream is the store: Core keeps no events in memory for this adapter.</summary>
    protected override bool StoresEventsLocally => false;

    /// <summary>The last stream entry this node has handled: a new socket's mark (nothing after it has reached the socket yet).</summary>
    public override string? CurrentOffset => _reader?.Position.Text;

    /// <summary>
    /// With recovery on, an event that gets an offset is published and then delivered to this node's sockets by the
    /// stream reader when it reads the entry back, not at once. Every local delivery of a stored event then happens in
    /// stream order, this node's and other nodes' alike, so each client's offsets only grow: its last offset is the
    /// newest event it has, and a restore from it can neither miss one nor send one twice. When the publish fails the
    /// event is delivered here at once, without an offset, and the task faults (as Core's ClusterAdapter does).
    /// </summary>
    public override ValueTask BroadcastAsync(SocketPacket packet, BroadcastOptions options)
    {
        if (options.Flags.Local || Host.Recovery is null || !IsRecoverable(packet, options))
            return base.BroadcastAsync(packet, options);
        return new ValueTask(PublishForReaderAsync(packet, options));
    }

    private async Task PublishForReaderAsync(SocketPacket packet, BroadcastOptions options)
    {
        try
        {
            await PublishOrThrowAsync(new ClusterMessage { Type = ClusterMessageType.Broadcast, Data = packet.Data, Options = options }).ConfigureAwait(false);
        }
        catch
        {
            BroadcastLocal(packet, options);
            throw;
        }
    }

    /// <summary>Stores the session at <c>sessionKeyPrefix + pid</c> for the maximum disconnection duration (Node's persistSession).</summary>
    public override async ValueTask PersistSessionAsync(PersistedSession session)
    {
        if (Host.Recovery is not { } recovery || _reader is not { } reader)
            return;
        // Core read this mark before the socket's last delivered offset; the reader's position now is a fallback only.
        var disconnected = StreamId.TryParse(session.DisconnectedOffset, out var mark) ? mark : reader.Position;
        var value = SessionCodec.Encode(session, disconnected);
        var ttl = ((long)Math.Max(1, recovery.MaxDisconnectionDuration.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        await Database.ExecuteAsync("SET", _options.SessionKeyPrefix + session.Pid, value, "PX", ttl).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims the session (MULTI GET DEL, so two clients with one pid never both get it, as Node's restoreSession) and
    /// checks that every entry the client may have missed is still in the stream.
    /// </summary>
    public override async ValueTask<PersistedSession?> RestoreSessionAsync(string pid, string? offset, CancellationToken cancellationToken = default)
    {
        if (Host.Recovery is null || _reader is null)
            return null;
        StreamId? sent = null;
        if (offset is not null)
        {
            if (!StreamId.TryParse(offset, out var parsed))
                return Refused("the offset is not a stream entry id");
            sent = parsed;
        }
        var value = await ClaimAsync(_options.SessionKeyPrefix + pid, cancellationToken).ConfigureAwait(false);
        if (value is null)
            return Refused("no session (unknown, expired or already claimed)");
        StoredSession stored;
        try
        {
            stored = SessionCodec.Decode(value);
        }
        catch (ClusterMessageFormatException ex)
        {
            return Refused($"the stored session is malformed: {ex.Message}");
        }
        if (RecoveryPlan.Make(stored, sent, out var reason) is not { } plan)
            return Refused(reason!);
        // Node's rule: the offset must be an entry of the stream. A quiet client's own last event may be trimmed by now;
        // the session knows it (the last one written to the socket), so that one is accepted as well.
        if (sent is not null && !sent.Equals(stored.Delivered) && !await ExistsAsync(sent).ConfigureAwait(false))
            return Refused("the offset is not in the stream");
        if (!await IsStoredAfterAsync(plan.ReadFrom).ConfigureAwait(false))
            return Refused("some of the events it missed are no longer in the stream");
        var session = new PersistedSession(stored.Sid, stored.Pid, stored.Rooms, stored.Data)
        {
            Offset = offset,
            ConnectedOffset = stored.Connected?.Text,
            LastDeliveredOffset = stored.Delivered?.Text,
        };
        _plans.AddOrUpdate(session, plan);
        return session;
    }

    /// <summary>
    /// Joins the restored socket to its rooms and writes the events it missed, with nothing between the two: the
    /// missed entries are read first (outside any lock), then, under the lock that the reader holds while it delivers
    /// an entry of this namespace, the socket joins and is sent the missed entries up to the reader's position. Entries
    /// after the position reach it live once the lock is released. When the reader has gone past what was read, the
    /// rest is read and the step retried.
    /// </summary>
    public override async ValueTask<bool> ResumeSessionAsync(ILocalSocket socket, PersistedSession session)
    {
        if (Host.Recovery is null || _reader is not { } reader || !_plans.TryGetValue(session, out var plan))
            return await base.ResumeSessionAsync(socket, session).ConfigureAwait(false);
        _plans.Remove(session);
        var rooms = new HashSet<string>(session.Rooms, StringComparer.Ordinal) { socket.Id };
        var start = plan.ReadFrom;
        // What reaches the socket live, once it has joined, is what the reader handles after its position: the position
        // must first be past every entry the plan leaves out (up to the session's own mark).
        var live = StreamId.Max(start, plan.After);
        if (!await reader.WaitUntilAsync(live, ResumeWait).ConfigureAwait(false))
            return ResumeFailed($"this node's stream reader did not reach {live} within {ResumeWait.TotalSeconds:0} s");
        var missed = new List<(StreamId Id, SocketPacket Packet)>();
        var end = await ReadMissedAsync(start, plan, rooms, missed).ConfigureAwait(false);
        // Checked after reading: whatever was trimmed since had been read already.
        if (end is not null && !await IsStoredAfterAsync(start).ConfigureAwait(false))
            return ResumeFailed("some of the events it missed left the stream");
        for (var round = 0; end is not null && round < MaxResumeRounds; round++)
        {
            lock (_delivery)
            {
                var position = reader.Position;
                if (position <= end)
                {
                    AddAll(socket.Id, rooms);
                    foreach (var (id, packet) in missed)
                        if (id <= position)
                            socket.Deliver(Host.Parser.Encode(WithOffset(packet, id.Text)), false);
                    return true;
                }
            }
            end = await ReadMissedAsync(end, plan, rooms, missed).ConfigureAwait(false);
        }
        return ResumeFailed(end is null ? "too many entries to read" : "the stream grew faster than it could be read");
    }

    // MULTI GET DEL (Node's GETDEL helper, which works before Redis 6.2), looked at again while a persist may be on its way.
    private async Task<string?> ClaimAsync(string key, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var transaction = Database.CreateTransaction();
            var get = transaction.StringGetAsync(key);
            var delete = transaction.KeyDeleteAsync(key);
            await transaction.ExecuteAsync().ConfigureAwait(false);
            var value = await get.ConfigureAwait(false);
            await delete.ConfigureAwait(false);
            if (!value.IsNull)
                return value;
            if (attempt == ClaimRetries.Length)
                return null;
            await Task.Delay(ClaimRetries[attempt], cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ExistsAsync(StreamId id) =>
        (await Database.StreamRangeAsync(_stream, id.Text, id.Text, 1).ConfigureAwait(false)).Length > 0;

    /// <summary>
    /// Whether every entry after <paramref name="after"/> is still in the stream. MAXLEN trims the oldest entries only,
    /// so they all are when an entry up to <paramref name="after"/> remains, or when none was ever removed (Redis 7's
    /// entries-added equals the length).
    /// </summary>
    private async Task<bool> IsStoredAfterAsync(StreamId after)
    {
        StreamInfo info;
        try
        {
            info = await Database.StreamInfoAsync(_stream).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            // The stream is gone (a Redis without persistence restarted): only a session that needs nothing survives it.
            return after.Equals(StreamId.Zero);
        }
        if (info.Length == 0)
            return StreamId.TryParse(info.LastGeneratedId, out var last) && last <= after;
        if (StreamId.TryParse(info.FirstEntry.Id, out var first) && first <= after)
            return true;
        return info.EntriesAdded >= 0 && info.EntriesAdded == info.Length;
    }

    /// <summary>
    /// Reads the entries after <paramref name="after"/> to the end of the stream and keeps the broadcasts of this
    /// namespace that the plan includes and that reach <paramref name="rooms"/>. Returns the last id read, or null when
    /// there were more than it reads.
    /// </summary>
    private async Task<StreamId?> ReadMissedAsync(StreamId after, RecoveryPlan plan, IReadOnlySet<string> rooms, List<(StreamId, SocketPacket)> missed)
    {
        var cursor = after;
        for (var call = 0; call < MaxRangeCalls; call++)
        {
            var entries = await Database.StreamRangeAsync(_stream, cursor.Next().Text, "+", RangeBatch).ConfigureAwait(false);
            foreach (var item in entries)
            {
                var entry = RawStreamEntry.From(item);
                cursor = entry.Id;
                if (!plan.Includes(entry.Id) || !StreamEntryCodec.IsBroadcastOf(entry, Host.Name))
                    continue;
                try
                {
                    var message = StreamEntryCodec.Decode(entry, _options.MaxMessageSize);
                    var options = message.Options ?? BroadcastOptions.All;
                    if (message.RequestId is not null || message.Data is null || !Reaches(options, rooms))
                        continue;
                    var packet = new SocketPacket(PacketType.Event, Host.Name, message.Data);
                    if (IsRecoverable(packet, options))
                        missed.Add((entry.Id, packet));
                }
                catch (ClusterMessageFormatException ex)
                {
                    RedisLog.DroppedEntry(_logger, Host.Name, entry.Id.Text, _stream, ex.Message);
                }
            }
            if (entries.Length < RangeBatch)
                return cursor;
        }
        return null;
    }

    // socket.io-adapter's shouldIncludePacket: for everyone or one of the socket's rooms, and none of its rooms excepted.
    private static bool Reaches(BroadcastOptions options, IReadOnlySet<string> rooms)
    {
        foreach (var room in rooms)
            if (options.Except.Contains(room))
                return false;
        if (options.Rooms.Count == 0)
            return true;
        foreach (var room in rooms)
            if (options.Rooms.Contains(room))
                return true;
        return false;
    }

    private PersistedSession? Refused(string reason)
    {
        RedisLog.RestoreRefused(_logger, Host.Name, reason);
        return null;
    }

    private bool ResumeFailed(string reason)
    {
        RedisLog.ResumeFailed(_logger, Host.Name, reason);
        return false;
    }
}
