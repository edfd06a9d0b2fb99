namespace SocketIO.Engine;

/// <summary>
/// The one in-process consumer of a session's messages and end (the Socket.IO client object), called before the
/// public <see cref="EngineSession.MessageReceived"/> and <see cref="EngineSession.Closed"/> events: a field instead of
/// two delegates per connection.
/// </summary>
internal interface IEngineSessionObserver
{
    void OnMessage(EngineSession session, EnginePacket message);

    void OnClosed(EngineSession session, string reason);
}
