using SocketIO.Engine;

namespace SocketIO.Protocol;

/// <summary>
/// The parser seam: turns Socket.IO packets into engine messages and back. Implementations are
/// thread-safe; decoders are per client and hold attachment state.
/// </summary>
public interface IPacketParser
{
    /// <summary>A short name for logs ("default", "msgpack").</summary>
    string Name { get; }

    /// <summary>
    /// Encodes one packet into the engine messages that carry it, in order. The result is shared
    /// by every recipient of a broadcast, so it must not be mutated.
    /// </summary>
    EnginePacket[] Encode(SocketPacket packet);

    /// <summary>Creates a decoder for one client connection.</summary>
    IPacketDecoder CreateDecoder();
}

/// <summary>Decodes the engine messages of one client into packets.</summary>
public interface IPacketDecoder
{
    /// <summary>
    /// Feeds one engine message. Returns the completed packet, or null while binary attachments
    /// are still expected.
    /// </summary>
    /// <exception cref="ProtocolException">The message is malformed; the caller closes the connection.</exception>
    SocketPacket? Decode(EnginePacket message);
}

/// <summary>Raised by a decoder for malformed input.</summary>
public sealed class ProtocolException(string message) : Exception(message);
