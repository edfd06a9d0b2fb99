using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO.Adapters;

/// <summary>
/// The acks one broadcast expects from this node's sockets. A socket whose delivery is dropped does
/// not keep the expectation; at the broadcast's timeout the expectations left are removed, so a client
/// that never acks cannot grow its socket's ack table.
/// </summary>
internal sealed class BroadcastAckTracker
{
    private readonly long _id;
    private readonly Action<PacketData?> _ack;
    private readonly Action<PacketData?> _onAck;
    // Written only by the sending thread, before Sent(); read by Release(), which cannot run before Sent().
    private readonly List<ILocalSocket> _targets = [];
    private ITimer? _timer;
    private int _outstanding = 1; // the sender's hold, released by Sent()
    private int _released;

    public BroadcastAckTracker(long id, Action<PacketData?> ack)
    {
        _id = id;
        _ack = ack;
        _onAck = OnAck;
    }

    /// <summary>Expects the socket's ack, then delivers; false (and no expectation left) when dropped.</summary>
    public bool Deliver(ILocalSocket socket, EnginePacket[] encoded, bool isVolatile)
    {
        // Expect before delivering: the ack may come back before Deliver returns.
        Interlocked.Increment(ref _outstanding);
        _targets.Add(socket);
        socket.ExpectAck(_id, _onAck);
        if (socket.Deliver(encoded, isVolatile))
            return true;
        socket.CancelAck(_id);
        Done();
        return false;
    }

    /// <summary>Every target was tried; starts the timeout after which unanswered expectations are removed.</summary>
    public void Sent(TimeProvider time, TimeSpan? timeout)
    {
        if (timeout is { } t)
            _timer = time.CreateTimer(static s => ((BroadcastAckTracker)s!).Release(), this, t, Timeout.InfiniteTimeSpan);
        Done();
    }

    private void OnAck(PacketData? data)
    {
        try
        {
            _ack(data);
        }
        finally
        {
            Done();
        }
    }

    private void Done()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
            Release();
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
            return;
        _timer?.Dispose();
        foreach (var socket in _targets)
            socket.CancelAck(_id);
        _targets.Clear();
    }
}
