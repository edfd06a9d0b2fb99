using System.Diagnostics;
using System.Net;

namespace SocketIO.AdminUI.Internal;

// initStatsEmitter: server_stats every 2 s, and once at start.
internal sealed partial class AdminInstrumentation
{
    private static readonly TimeSpan StatsInterval = TimeSpan.FromSeconds(2);
    private static readonly DateTime ProcessStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private static readonly string HostName = Dns.GetHostName();
    private readonly Lock _timerGate = new();
    private ITimer? _timer;
    private bool _stopped;
    private int _ticking;

    /// <summary>Starts counting engine events and sending the stats (idempotent).</summary>
    public void Start()
    {
        lock (_timerGate)
        {
            if (_timer is not null || _stopped)
                return;
            // Counted from here on only: counts that no tick would ever take must not pile up.
            _engine.Attach();
            _timer = _server.Time.CreateTimer(static s => ((AdminInstrumentation)s!).Tick(), this, TimeSpan.Zero, StatsInterval);
        }
    }

    /// <summary>Stops the stats and the engine listeners for good.</summary>
    public void Stop()
    {
        lock (_timerGate)
        {
            if (_stopped)
                return;
            _stopped = true;
            if (_timer is null)
                return;
            _timer.Dispose();
            _timer = null;
        }
        _engine.Dispose();
    }

    private void Tick()
    {
        if (_server.IsClosed)
        {
            Stop();
            return;
        }
        // A slow tick (a broker that hangs) is not stacked up on.
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
            return;
        try
        {
            Broadcast("server_stats", Json(CollectStats()));
            if (IsDevelopment)
                SendDataChanges();
        }
        catch (Exception ex)
        {
            AdminUILog.TickFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    internal ServerStats CollectStats() => new(
        ServerId,
        HostName,
        Environment.ProcessId,
        // The process's uptime (Node's process.uptime()), on the wall clock whatever the server's TimeProvider.
        (DateTime.UtcNow - ProcessStart).TotalSeconds,
        _server.ClientsCount,
        _engine.PollingClientsCount,
        _events.Drain(),
        [.. _server.Namespaces.Values.Select(n => new NamespaceDetails(n.Name, n.Sockets.Count))]);
}
