namespace SocketIO;

/// <summary>
/// Connection state recovery (Node's <c>connectionStateRecovery</c>): a client that comes back within
/// <see cref="MaxDisconnectionDuration"/> keeps its socket id, rooms and data, and receives the events it
/// missed. See docs/recovery.md.
/// </summary>
public sealed class ConnectionStateRecoveryOptions
{
    /// <summary>How long a disconnected socket's state is kept. Node's default: 2 minutes.</summary>
    public TimeSpan MaxDisconnectionDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether a recovered socket skips the namespace's connection middleware (Node's default: true).</summary>
    public bool SkipMiddlewares { get; set; } = true;

    /// <summary>
    /// Most events the in-memory adapter keeps per namespace for recovery. Past it the oldest are dropped,
    /// and a session that still needed them is not restored (its client gets a new socket).
    /// </summary>
    public int MaxStoredPackets { get; set; } = 100_000;

    /// <summary>Most bytes of encoded events the in-memory adapter keeps per namespace; the oldest go first past it.</summary>
    public long MaxStoredBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Returns a description of the first invalid setting, or null.</summary>
    public string? Validate()
    {
        if (MaxDisconnectionDuration <= TimeSpan.Zero) return $"{nameof(MaxDisconnectionDuration)} must be positive.";
        if (MaxStoredPackets <= 0) return $"{nameof(MaxStoredPackets)} must be positive.";
        if (MaxStoredBytes <= 0) return $"{nameof(MaxStoredBytes)} must be positive.";
        return null;
    }
}
