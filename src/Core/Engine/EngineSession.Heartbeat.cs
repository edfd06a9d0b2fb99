namespace SocketIO.Engine;

public sealed partial class EngineSession
{
    private readonly ITimer _heartbeatTimer;
    private bool _awaitingPong;
    private volatile bool _pingTaken; // the transport took the outstanding ping: only now can a pong answer it
    private long _pongDeadline;

    private void SchedulePing()
    {
        lock (_gate)
        {
            _awaitingPong = false;
            _pingTaken = false;
            _heartbeatTimer.Change(_server.Options.PingInterval, Timeout.InfiniteTimeSpan);
        }
    }

    // EIO4: the server pings every pingInterval and expects a pong within pingTimeout.
    private void OnHeartbeatTimer()
    {
        if (IsClosed)
            return;
        lock (_gate)
        {
            if (_awaitingPong)
            {
                // fall through to close outside the lock
            }
            else
            {
                _awaitingPong = true;
                _pongDeadline = _server.Time.GetTimestamp() + ToTicks(_server.Options.PingTimeout);
                _heartbeatTimer.Change(_server.Options.PingTimeout, Timeout.InfiniteTimeSpan);
                _queue.EnqueueControl(EnginePacket.PingPacket);
                return;
            }
        }
        Close(CloseReason.PingTimeout, flush: false);
    }

    /// <summary>Called for every packet the current transport takes: a ping taken is one the client can answer.</summary>
    private void OnTaken(EnginePacket packet)
    {
        if (ReferenceEquals(packet, EnginePacket.PingPacket))
            _pingTaken = true;
    }

    private void OnPong()
    {
        bool late;
        lock (_gate)
        {
            // Only a pong that answers a ping the transport has written counts: unprompted pongs from a client
            // that never reads must not keep its session (and what is queued for it) alive.
            if (!_awaitingPong || !_pingTaken)
                return;
            // The deadline is checked on arrival too: a timer may fire late under load.
            late = _server.Time.GetTimestamp() > _pongDeadline;
        }
        if (late)
        {
            Close(CloseReason.PingTimeout, flush: false);
            return;
        }
        // The next ping is measured from this pong.
        SchedulePing();
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _server.Time.TimestampFrequency);

    private void StopTimers()
    {
        lock (_gate)
        {
            _heartbeatTimer.Dispose();
            _upgradeTimer?.Dispose();
            _noopTimer?.Dispose();
        }
    }
}
