using SocketIO.Diagnostics;
namespace SocketIO.Engine;

/// <summary>What a probe transport must do with a packet it received during an upgrade.</summary>
public enum ProbeResult
{
    /// <summary>Reply with the '3probe' packet.</summary>
    ReplyProbe,
    /// <summary>The upgrade is complete; the transport is now the session's transport and starts writing.</summary>
    Upgraded,
    /// <summary>The upgrade failed; close the probe transport.</summary>
    Reject,
}

public sealed partial class EngineSession
{
    private IEngineTransport? _probe;
    private ITimer? _upgradeTimer;
    private ITimer? _noopTimer;
    private bool _upgraded;

    /// <summary>True while a probe transport is being tried.</summary>
    public bool IsUpgrading => _probe is not null;

    /// <summary>True once the session moved off its first transport.</summary>
    public bool IsUpgraded => _upgraded;

    /// <summary>Raised once the session has moved to a new transport (Node's <c>socket.conn.on("upgrade")</c>), with that transport.</summary>
    public event Action<EngineSession, IEngineTransport>? Upgraded;

    /// <summary>Registers <paramref name="probe"/> as the upgrade candidate; false when no upgrade is possible now.</summary>
    internal bool TryBeginUpgrade(IEngineTransport probe)
    {
        lock (_gate)
        {
            if (IsClosed || _probe is not null || _upgraded || !_server.UpgradesFrom(_transport.Name).Contains(probe.Name))
                return false;
            _probe = probe;
            _upgradeTimer = _server.Time.CreateTimer(static s => ((EngineSession)s!).AbortUpgrade("upgrade timeout"), this, _server.Options.UpgradeTimeout, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    /// <summary>Handles a packet received on the probe transport (docs/protocol.md#upgrade).</summary>
    internal ProbeResult ReceiveProbe(IEngineTransport probe, EnginePacket packet)
    {
        var result = ReceiveProbeCore(probe, packet);
        if (result == ProbeResult.Upgraded && !IsClosed)
            RaiseUpgraded(probe);
        return result;
    }

    private void RaiseUpgraded(IEngineTransport transport)
    {
        try
        {
            Upgraded?.Invoke(this, transport);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_server.Logger, Id, ex);
        }
    }

    private ProbeResult ReceiveProbeCore(IEngineTransport probe, EnginePacket packet)
    {
        lock (_gate)
        {
            // A closed session still takes the upgrade packet of a probe it kept (see Close): the client has moved.
            if (!ReferenceEquals(probe, _probe) || (IsClosed && packet.Type != EnginePacketType.Upgrade))
                return ProbeResult.Reject;
            if (packet.Type == EnginePacketType.Ping && packet.Payload.Span.SequenceEqual("probe"u8))
            {
                // Release the client's paused poll every 100 ms until it sends the upgrade packet.
                _noopTimer ??= _server.Time.CreateTimer(static s => ((EngineSession)s!).ReleasePoll(), this, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
                return ProbeResult.ReplyProbe;
            }
            if (packet.Type == EnginePacketType.Upgrade)
            {
                var old = _transport;
                _transport = probe;
                _probe = null;
                _upgraded = true;
                _upgradeTimer?.Dispose();
                _noopTimer?.Dispose();
                _noopTimer = null;
                old.Close();
                if (!IsClosed)
                {
                    // A closed session was already taken off the connection count.
                    var metrics = _server.Metrics;
                    metrics.Count(metrics.Connections, SocketIOMetrics.TransportTag, old.Name, -1);
                    metrics.Count(metrics.Connections, SocketIOMetrics.TransportTag, probe.Name, 1);
                }
                _queue.Scheduler = probe as IEngineWriteScheduler;
                _queue.Signal();
                return ProbeResult.Upgraded;
            }
        }
        AbortUpgrade("unexpected packet during upgrade");
        return ProbeResult.Reject;
    }

    private void ReleasePoll()
    {
        if (_probe is not null)
            _transport.ReleasePending();
    }

    /// <summary>The probe, taken out of the session (null when none is being tried).</summary>
    private IEngineTransport? TakeProbe()
    {
        lock (_gate)
        {
            var probe = _probe;
            _probe = null;
            return probe;
        }
    }

    /// <summary>The end of a closing session's flush time: whatever transport is still open is closed.</summary>
    private void CloseTransports()
    {
        TakeProbe()?.Close();
        _transport.Close();
    }

    private void AbortUpgrade(string why)
    {
        IEngineTransport? probe;
        lock (_gate)
        {
            probe = _probe;
            _probe = null;
            _upgradeTimer?.Dispose();
            _noopTimer?.Dispose();
            _noopTimer = null;
        }
        if (probe is null)
            return;
        Log.UpgradeAborted(_server.Logger, Id, why);
        probe.Close();
    }
}
