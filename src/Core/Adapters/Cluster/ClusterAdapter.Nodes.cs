using System.Collections.Concurrent;

namespace SocketIO.Adapters.Cluster;

public abstract partial class ClusterAdapter
{
    // ClusterAdapterWithHeartbeat: uid → when this node last heard from it.
    private readonly ConcurrentDictionary<string, long> _nodes = new(StringComparer.Ordinal);
    private readonly ITimer _heartbeatTimer;
    private ITimer? _cleanupTimer;

    /// <summary>The number of other nodes heard from within the heartbeat timeout (heartbeat mode).</summary>
    protected int LiveNodeCount => _nodes.Count;

    private HashSet<string> LiveNodes() => new(_nodes.Keys, StringComparer.Ordinal);

    private void SawNode(string uid)
    {
        var now = Host.Time.GetTimestamp();
        if (_nodes.TryAdd(uid, now))
            Log.NodeJoined(_logger, Host.Name, uid);
        else
            _nodes[uid] = now;
    }

    private void RemoveNode(string uid)
    {
        if (!_nodes.TryRemove(uid, out _))
            return;
        Log.NodeLeft(_logger, Host.Name, uid);
        foreach (var request in _requests.Values)
            request.NodeGone(uid);
    }

    private void RemoveSilentNodes()
    {
        foreach (var (uid, lastSeen) in _nodes)
            if (Host.Time.GetElapsedTime(lastSeen) > Options.HeartbeatTimeout)
                RemoveNode(uid);
    }

    private void OnHeartbeatDue()
    {
        if (!IsClosed)
            _ = PublishLoggedAsync(new ClusterMessage { Type = ClusterMessageType.Heartbeat });
    }

    /// <summary>
    /// Announces this node again (after a broker reconnection, whose queue or subscriptions are new): the
    /// other nodes answer with heartbeats. Nodes already known stay known until their heartbeat times out.
    /// </summary>
    protected Task AnnounceAgainAsync() =>
        Options.UseHeartbeat ? PublishOrThrowAsync(new ClusterMessage { Type = ClusterMessageType.InitialHeartbeat }) : Task.CompletedTask;
}
