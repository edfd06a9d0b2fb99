namespace SocketIO.Engine;

/// <summary>
/// Implemented by a transport that writes when told to instead of parking a loop in
/// <see cref="EngineChannel.WaitToReadAsync"/>. While the transport is the session's current one, the
/// session calls <see cref="ScheduleWrite"/> after every enqueue and when it completes, so a packet
/// produced on the transport's own receive path can be written there without a thread hop.
/// <see cref="StreamTransport"/> implements it for every transport that writes frames to a stream.
/// </summary>
public interface IEngineWriteScheduler
{
    /// <summary>Packets are waiting (or the session completed). Must not block or write inline: schedule the write.</summary>
    void ScheduleWrite();
}
