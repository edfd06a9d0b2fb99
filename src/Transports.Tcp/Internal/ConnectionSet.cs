using System.Collections.Concurrent;

namespace SocketIO.Transports.Tcp.Internal;

/// <summary>
/// The live connections of a TCP transport, and the one timer that enforces their deadlines (handshake
/// and close): a connection owns no timer of its own.
/// </summary>
internal sealed class ConnectionSet : IDisposable
{
    private readonly ConcurrentDictionary<TcpConnection, byte> _live = new();
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;

    public ConnectionSet(TimeProvider time, TimeSpan period)
    {
        _time = time;
        _sweep = time.CreateTimer(static s => ((ConnectionSet)s!).Sweep(), this, period, period);
    }

    public int Count => _live.Count;

    public void Add(TcpConnection connection) => _live.TryAdd(connection, 0);

    public void Remove(TcpConnection connection) => _live.TryRemove(connection, out _);

    /// <summary>Every live connection now (enumerates without copying).</summary>
    public IEnumerable<TcpConnection> All
    {
        get
        {
            foreach (var pair in _live)
                yield return pair.Key;
        }
    }

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var pair in _live)
            pair.Key.CheckDeadline(now);
    }

    public void Dispose() => _sweep.Dispose();
}
