using System.Collections.Concurrent;
using SocketIO.Protocol;

namespace SocketIO.Adapters.Cluster;

public abstract partial class ClusterAdapter
{
    private readonly ConcurrentDictionary<string, PendingRequest> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AckRequest> _ackRequests = new(StringComparer.Ordinal);
    private readonly ITimer _livenessTimer;
    private int _livenessRunning;

    /// <summary>Requests (fetch sockets, server-side emit with ack, all rooms) and broadcast ack entries still waiting.</summary>
    public int PendingRequestCount => _requests.Count + _ackRequests.Count;

    /// <summary>Whether the plug-in's protocol can ask the other nodes for their rooms (classic Redis can; ClusterAdapter cannot).</summary>
    protected virtual bool SupportsAllRooms => false;

    /// <inheritdoc />
    public override async Task<IReadOnlyList<SocketInfo>> FetchSocketsAsync(BroadcastOptions options, CancellationToken cancellationToken = default)
    {
        var local = FetchLocal(options);
        if (options.Flags.Local)
            return local;
        var timeout = options.Flags.Timeout ?? Options.RequestsTimeout;
        var (responses, timedOut, expected) = await RequestAsync(ClusterMessageType.FetchSockets, new ClusterMessage { Type = ClusterMessageType.FetchSockets, Options = options }, timeout, cancellationToken).ConfigureAwait(false);
        if (timedOut)
            throw new AdapterException($"Namespace {Host.Name}: fetchSockets timed out after {timeout.TotalMilliseconds} ms: {CountAnswers(responses)} of {expected} nodes answered.");
        var all = new List<SocketInfo>(local);
        foreach (var r in responses)
            if (r is SocketInfo info)
                all.Add(info);
        return all;
    }

    private static int CountAnswers(List<object?> responses) => responses.Count(r => r is NodeAnswered);

    /// <inheritdoc />
    public override async Task<ServerSideEmitReplies> ServerSideEmitWithAckAsync(PacketData data, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var (responses, timedOut, _) = await RequestAsync(ClusterMessageType.ServerSideEmit, new ClusterMessage { Type = ClusterMessageType.ServerSideEmit, Data = data }, timeout, cancellationToken).ConfigureAwait(false);
        return new ServerSideEmitReplies(responses.Where(r => r is not NodeAnswered).Select(r => r as PacketData).ToList(), timedOut);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlySet<string>> AllRoomsAsync(CancellationToken cancellationToken = default)
    {
        var rooms = new HashSet<string>(RoomSizes().Keys, StringComparer.Ordinal);
        if (!SupportsAllRooms)
            return rooms;
        var (responses, timedOut, expected) = await RequestAsync(ClusterMessageType.AllRooms, new ClusterMessage { Type = ClusterMessageType.AllRooms }, Options.RequestsTimeout, cancellationToken).ConfigureAwait(false);
        if (timedOut)
            throw new AdapterException($"Namespace {Host.Name}: allRooms timed out: {CountAnswers(responses)} of {expected} nodes answered.");
        foreach (var r in responses)
            if (r is string room)
                rooms.Add(room);
        return rooms;
    }

    /// <summary>
    /// Publishes a request and waits for one answer from every other node: the live nodes (heartbeat mode)
    /// or the server count less one, asked again while waiting so that a node that is gone is not waited for.
    /// </summary>
    private async Task<(List<object?> Responses, bool TimedOut, int Expected)> RequestAsync(ClusterMessageType type, ClusterMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        PendingRequest request;
        if (Options.UseHeartbeat)
        {
            var nodes = LiveNodes();
            if (nodes.Count == 0)
                return ([], false, 0);
            request = new PendingRequest(type, nodes, nodes.Count);
        }
        else
        {
            var expected = await CountServersOrThrowAsync().ConfigureAwait(false) - 1;
            if (expected <= 0)
                return ([], false, 0);
            request = new PendingRequest(type, null, expected);
        }
        var requestId = NewId();
        _requests[requestId] = request;
        CountRequest(Host.Metrics?.AdapterRequests, type);
        using var timer = Host.Time.CreateTimer(static s => ((PendingRequest)s!).Finish(timedOut: true), request, timeout, Timeout.InfiniteTimeSpan);
        try
        {
            if (!Options.UseHeartbeat)
                StartLivenessChecks();
            await PublishOrThrowAsync(message with { RequestId = requestId }).ConfigureAwait(false);
            var timedOut = await request.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (timedOut)
                CountRequest(Host.Metrics?.AdapterTimeouts, type);
            lock (request)
                return ([.. request.Responses], timedOut, request.Expected);
        }
        finally
        {
            _requests.TryRemove(requestId, out _);
        }
    }

    private static void CountRequest(System.Diagnostics.Metrics.Counter<long>? counter, ClusterMessageType type)
    {
        if (counter is { Enabled: true })
            counter.Add(1, new KeyValuePair<string, object?>(Diagnostics.SocketIOMetrics.RequestTag, RequestName(type)));
    }

    // A fixed set of strings, so that the attribute never allocates.
    private static string RequestName(ClusterMessageType type) => type switch
    {
        ClusterMessageType.FetchSockets => "fetch_sockets",
        ClusterMessageType.ServerSideEmit => "server_side_emit",
        ClusterMessageType.AllRooms => "all_rooms",
        ClusterMessageType.Broadcast => "broadcast",
        ClusterMessageType.SocketsJoin => "sockets_join",
        ClusterMessageType.SocketsLeave => "sockets_leave",
        ClusterMessageType.DisconnectSockets => "disconnect_sockets",
        ClusterMessageType.Heartbeat or ClusterMessageType.InitialHeartbeat => "heartbeat",
        _ => "other",
    };

    private void AddResponse(string requestId, string uid, IEnumerable<object?> values)
    {
        if (_requests.TryGetValue(requestId, out var request))
            request.Add(uid, values);
    }

    private void FailAllRequests(Exception error)
    {
        foreach (var request in _requests.Values)
            request.Fail(error);
        _requests.Clear();
        _ackRequests.Clear();
    }

    private void TrackAckRequest(string requestId, Action<int> clientCount, Action<PacketData?> ack, TimeSpan timeout)
    {
        var entry = new AckRequest(clientCount, ack);
        _ackRequests[requestId] = entry;
        // Node cannot tell when every node's clients have acked either: the entry goes at the broadcast's timeout.
        entry.Timer = Host.Time.CreateTimer(static s =>
        {
            var (adapter, id) = ((ClusterAdapter, string))s!;
            adapter.ForgetAckRequest(id);
        }, (this, requestId), timeout, Timeout.InfiniteTimeSpan);
    }

    private void ForgetAckRequest(string requestId)
    {
        if (_ackRequests.TryRemove(requestId, out var removed))
            removed.Timer?.Dispose();
    }

    private bool TryGetAckRequest(string requestId, out AckRequest request) => _ackRequests.TryGetValue(requestId, out request!);

    // Count mode: while requests wait, ask for the server count again; a lower count means a node is gone.
    private void StartLivenessChecks()
    {
        if (Interlocked.Exchange(ref _livenessRunning, 1) == 0)
            _livenessTimer.Change(Options.LivenessCheckInterval, Timeout.InfiniteTimeSpan);
    }

    private async void OnLivenessTick()
    {
        try
        {
            if (IsClosed)
                return;
            if (!_requests.IsEmpty)
            {
                var others = await CountServersAsync().ConfigureAwait(false) - 1;
                foreach (var request in _requests.Values)
                    request.LowerExpected(others);
            }
        }
        catch (Exception ex)
        {
            Log.LivenessCheckFailed(_logger, Host.Name, ex.Message);
        }
        finally
        {
            Volatile.Write(ref _livenessRunning, 0);
            if (!IsClosed && !_requests.IsEmpty)
                StartLivenessChecks();
        }
    }

    private sealed record AckRequest(Action<int> ClientCount, Action<PacketData?> Ack)
    {
        public ITimer? Timer { get; set; }
    }

    // Marks one node's answer among the collected values, so a timeout can say how many nodes answered.
    private sealed class NodeAnswered
    {
        public static readonly NodeAnswered Instance = new();
    }

    private sealed class PendingRequest(ClusterMessageType type, HashSet<string>? missing, int expected)
    {
        private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _answered;

        public ClusterMessageType Type { get; } = type;

        public int Expected { get; private set; } = expected;

        public List<object?> Responses { get; } = [];

        /// <summary>True when it ended by timeout.</summary>
        public Task<bool> Completion => _done.Task;

        public void Add(string uid, IEnumerable<object?> values)
        {
            lock (this)
            {
                if (_done.Task.IsCompleted)
                    return;
                // Heartbeat mode knows who must answer: a node's answer counts once, an unknown node's not at all.
                if (missing is not null && !missing.Remove(uid))
                    return;
                Responses.AddRange(values);
                Responses.Add(NodeAnswered.Instance);
                _answered++;
                if (missing is null ? _answered >= Expected : missing.Count == 0)
                    _done.TrySetResult(false);
            }
        }

        public void NodeGone(string uid)
        {
            lock (this)
            {
                if (missing is null || !missing.Remove(uid))
                    return;
                Expected--;
                if (missing.Count == 0)
                    _done.TrySetResult(false);
            }
        }

        public void LowerExpected(int servers)
        {
            lock (this)
            {
                if (missing is not null || servers >= Expected)
                    return;
                Expected = Math.Max(servers, 0);
                if (_answered >= Expected)
                    _done.TrySetResult(false);
            }
        }

        public void Finish(bool timedOut) => _done.TrySetResult(timedOut);

        public void Fail(Exception error) => _done.TrySetException(error);
    }
}
