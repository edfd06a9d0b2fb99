namespace SocketIO.Engine;

/// <summary>
/// A connection that carries engine packets for one session. A transport joins a session through
/// <see cref="EngineServer.Open"/> or <see cref="EngineServer.TryBeginUpgrade"/>, which hand it an
/// <see cref="EngineChannel"/>: it writes what the channel yields and hands the channel what it receives.
/// </summary>
/// <remarks>
/// The rules Core relies on:
/// <list type="bullet">
/// <item>Only the session's current transport is given packets. A transport that stops being current
/// (the session upgraded away from it) is told with <see cref="Close"/>.</item>
/// <item>A dequeued <see cref="EnginePacketType.Close"/> packet means the server closed the session after
/// everything queued before it: the transport ends its connection in its own way (polling answers
/// <c>1</c>, WebSocket sends a close frame instead, a stream transport ends the stream).</item>
/// <item><see cref="EngineChannel.IsDrained"/> true means the session has ended and no packet is left
/// for this transport: it closes without waiting for a close packet (a close without flush never queues one).</item>
/// <item><see cref="Close"/> and <see cref="ReleasePending"/> are called under the session's locks, from any
/// thread: they must be idempotent and must not block, write, or call back into the session.</item>
/// <item>A transport that implements <see cref="IEngineWriteScheduler"/> is told about every enqueue and must
/// never write inline from that call: it schedules the write.</item>
/// </list>
/// Which transport may upgrade to which is decided in one place, <see cref="EngineServer.UpgradesFrom"/>.
/// </remarks>
public interface IEngineTransport
{
    /// <summary>The engine name ("polling", "websocket", "tcp"); the name <see cref="EngineOptions.Transports"/> lists.</summary>
    string Name { get; }

    /// <summary>
    /// Answers a held request with a noop packet, so a client paused for an upgrade can go on. Only a
    /// transport that holds requests (long-polling) has anything to do.
    /// </summary>
    void ReleasePending()
    {
    }

    /// <summary>Stops the transport: the session has closed or moved to another transport.</summary>
    void Close();
}
