using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO.Tests.Support;

/// <summary>
/// A plug-in parser that behaves like the default one, except that its decoder throws
/// the exception <paramref name="create"/> makes for any message containing "boom".
/// </summary>
internal sealed class ThrowingParser(Func<Exception> create) : IPacketParser
{
    private readonly JsonPacketParser _inner = new();

    public string Name => "throwing";

    public EnginePacket[] Encode(SocketPacket packet) => _inner.Encode(packet);

    public IPacketDecoder CreateDecoder() => new Decoder(_inner.CreateDecoder(), create);

    private sealed class Decoder(IPacketDecoder inner, Func<Exception> create) : IPacketDecoder
    {
        public SocketPacket? Decode(EnginePacket message)
        {
            if (!message.IsBinary && message.PayloadText.Contains("boom", StringComparison.Ordinal))
                throw create();
            return inner.Decode(message);
        }
    }
}
