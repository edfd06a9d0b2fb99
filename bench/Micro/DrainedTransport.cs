using SocketIO.Engine;

namespace Bench.Micro;

/// <summary>
/// An in-memory WebSocket-like transport with no loop: the benchmark takes the session's queued
/// packets with <see cref="Drain"/>, as a real transport's send loop would, so the bounded queue never fills.
/// </summary>
internal sealed class DrainedTransport : IEngineTransport
{
    private EngineChannel? _channel;

    public string Name => "websocket";

    public EngineChannel Channel => _channel ?? throw new InvalidOperationException("not attached");

    public void Attach(EngineChannel channel) => _channel = channel;

    public void Close()
    {
    }

    /// <summary>Takes every queued packet; returns how many there were and the size of the last one.</summary>
    public int Drain(out int lastLength)
    {
        var count = 0;
        lastLength = 0;
        while (Channel.TryRead(out var packet))
        {
            count++;
            lastLength = packet.Frame.Length;
        }
        return count;
    }
}
