using SocketIO.Engine;

namespace Bench.Micro;

/// <summary>
/// An in-memory WebSocket-like transport with no loop: the benchmark takes the session's queued
/// packets with <see cref="Drain"/>, as a real transport's send loop would, so the bounded queue never fills.
/// </summary>
internal sealed class DrainedTransport : IEngineTransport
{
    private EngineSession? _session;

    public string Name => "websocket";

    public bool IsBatching => false;

    public bool SupportsBinary => true;

    public EngineSession Session => _session ?? throw new InvalidOperationException("not attached");

    public void Attach(EngineSession session) => _session = session;

    public void ReleasePending()
    {
    }

    public void Close()
    {
    }

    /// <summary>Takes every queued packet; returns how many there were and the size of the last one.</summary>
    public int Drain(out int lastLength)
    {
        var count = 0;
        lastLength = 0;
        while (Session.TryRead(this, out var packet))
        {
            count++;
            lastLength = packet.Frame.Length;
        }
        return count;
    }
}
