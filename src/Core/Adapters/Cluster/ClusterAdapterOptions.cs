namespace SocketIO.Adapters.Cluster;

/// <summary>Settings of <see cref="ClusterAdapter"/>; defaults match socket.io-adapter.</summary>
public class ClusterAdapterOptions
{
    /// <summary>
    /// Track nodes by heartbeat (<c>ClusterAdapterWithHeartbeat</c>): the server count is 1 + the nodes heard
    /// from within <see cref="HeartbeatTimeout"/>. When false, the plug-in counts servers itself (for example
    /// with Redis <c>PUBSUB NUMSUB</c>).
    /// </summary>
    public bool UseHeartbeat { get; set; } = true;

    /// <summary>How often an idle node says it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>How long a node may stay silent before it is considered gone.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMilliseconds(10000);

    /// <summary>How long a request (fetch sockets, server-side emit with ack) waits for the other nodes.</summary>
    public TimeSpan RequestsTimeout { get; set; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>
    /// Without heartbeats: how often the server count is asked again while requests wait, so that a
    /// node that is gone stops being waited for.
    /// </summary>
    public TimeSpan LivenessCheckInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Returns the first invalid setting as a message, or null when all are valid.</summary>
    public virtual string? Validate()
    {
        if (HeartbeatInterval <= TimeSpan.Zero) return $"{nameof(HeartbeatInterval)} must be positive.";
        if (HeartbeatTimeout <= TimeSpan.Zero) return $"{nameof(HeartbeatTimeout)} must be positive.";
        if (RequestsTimeout <= TimeSpan.Zero) return $"{nameof(RequestsTimeout)} must be positive.";
        if (LivenessCheckInterval <= TimeSpan.Zero) return $"{nameof(LivenessCheckInterval)} must be positive.";
        return null;
    }
}
