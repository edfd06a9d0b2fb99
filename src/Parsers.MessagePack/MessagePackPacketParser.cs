using SocketIO.Engine;
using SocketIO.Parsers.MessagePack.Internal;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack;

/// <summary>
/// The socket.io-msgpack-parser wire format: each packet is one msgpack map
/// <c>{type, nsp, data?, id?}</c> sent as one binary message, with binary values inline. Clients
/// must use <c>socket.io-msgpack-parser</c> too.
/// </summary>
/// <remarks>
/// Inbound JS values map onto the runtime's JSON as <c>JSON.stringify</c> would write them for the
/// default parser, so handlers read the same arguments under both parsers: a <c>Date</c> becomes its
/// <c>toISOString()</c> string, <c>undefined</c> is dropped from objects and null in arrays, and
/// Buffers, ArrayBuffers and typed arrays become binary attachments.
/// <para>
/// Decoding validates like the JS decoder and, as socket.io's <c>isPacketValid</c> and the default
/// parser do, also requires an EVENT name (a number or a non-reserved string) and an ACK id. The
/// <see cref="ParserOptions"/> limits apply as in the default parser: nesting depth (a binary value
/// counts as one level, like its placeholder), binary values per packet, namespace length.
/// </para>
/// </remarks>
public sealed class MessagePackPacketParser(ParserOptions? options = null) : IPacketParser
{
    private readonly ParserOptions _options = options ?? new ParserOptions();

    /// <inheritdoc />
    public string Name => "msgpack";

    /// <inheritdoc />
    public EnginePacket[] Encode(SocketPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return [EnginePacket.FromBinary(PacketEncoder.Encode(packet))];
    }

    /// <inheritdoc />
    public IPacketDecoder CreateDecoder() => new MessagePackPacketDecoder(_options);
}
