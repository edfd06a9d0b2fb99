namespace SocketIO.Engine;

public sealed partial class EngineSession
{
    private readonly ITimer _heartbeatTimer;
    private bool _awaitingPong;
    private long _pongDeadline;

    private void SchedulePing()
    {
        lock (_gate)
        {
            _awaitingPong = false;
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

    private void OnPong()
    {
        bool late;
        lock (_gate)
        {
            // The deadline is checked on arrival too: a timer may fire late under load.
            late = _awaitingPong && _server.Time.GetTimestamp() > _pongDeadline;
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
