using System.Buffers.Text;
using SocketIO.Engine;

namespace SocketIO.Protocol;

/// <summary>
/// The default Socket.IO v5 parser (socket.io-parser): <c>&lt;type&gt;[&lt;n&gt;-][&lt;nsp&gt;,][&lt;id&gt;][json]</c>
/// text messages, binary attachments as following binary messages.
/// </summary>
public sealed class JsonPacketParser(ParserOptions? options = null) : IPacketParser
{
    private readonly ParserOptions _options = options ?? new ParserOptions();

    /// <inheritdoc />
    public string Name => "default";

    /// <inheritdoc />
    public IPacketDecoder CreateDecoder() => new JsonPacketDecoder(_options);

    /// <inheritdoc />
    public EnginePacket[] Encode(SocketPacket packet)
    {
        var data = packet.Data;
        var attachments = data?.Attachments.Count ?? 0;
        var type = packet.Type switch
        {
            PacketType.Event when attachments > 0 => PacketType.BinaryEvent,
            PacketType.Ack when attachments > 0 => PacketType.BinaryAck,
            var t => t,
        };
        var json = data is null ? default : data.Utf8Json.Span;
        var writeNsp = packet.Namespace != "/";
        var nspBytes = writeNsp ? System.Text.Encoding.UTF8.GetByteCount(packet.Namespace) + 1 : 0;
        var binary = type is PacketType.BinaryEvent or PacketType.BinaryAck;
        Span<byte> digits = stackalloc byte[20];
        var length = 2 + nspBytes + json.Length;
        var attachmentDigits = 0;
        if (binary)
        {
            Utf8Formatter.TryFormat(attachments, digits, out attachmentDigits);
            length += attachmentDigits + 1;
        }
        var idDigits = 0;
        Span<byte> idSpan = stackalloc byte[20];
        if (packet.Id is { } id)
        {
            Utf8Formatter.TryFormat(id, idSpan, out idDigits);
            length += idDigits;
        }

        var frame = new byte[length];
        frame[0] = (byte)'4';
        frame[1] = (byte)('0' + (int)type);
        var pos = 2;
        if (binary)
        {
            digits[..attachmentDigits].CopyTo(frame.AsSpan(pos));
            pos += attachmentDigits;
            frame[pos++] = (byte)'-';
        }
        if (writeNsp)
        {
            pos += System.Text.Encoding.UTF8.GetBytes(packet.Namespace, frame.AsSpan(pos));
            frame[pos++] = (byte)',';
        }
        idSpan[..idDigits].CopyTo(frame.AsSpan(pos));
        pos += idDigits;
        json.CopyTo(frame.AsSpan(pos));

        var result = new EnginePacket[1 + (binary ? attachments : 0)];
        result[0] = EnginePacket.FromTextFrame(frame);
        for (var i = 1; i < result.Length; i++)
            result[i] = EnginePacket.FromBinary(data!.Attachments[i - 1]);
        return result;
    }
}
