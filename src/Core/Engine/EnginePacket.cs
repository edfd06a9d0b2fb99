using System.Buffers.Text;
using System.Text;

namespace SocketIO.Engine;

/// <summary>
/// One Engine.IO packet. Text packets keep their whole UTF-8 frame (type character included) so a
/// broadcast can hand the same bytes to every connection; binary packets keep the raw bytes.
/// Instances are immutable and may be shared between sessions.
/// </summary>
public sealed class EnginePacket
{
    private byte[]? _base64Frame;

    private EnginePacket(EnginePacketType type, bool isBinary, ReadOnlyMemory<byte> frame)
    {
        Type = type;
        IsBinary = isBinary;
        Frame = frame;
    }

    /// <summary>The packet type.</summary>
    public EnginePacketType Type { get; }

    /// <summary>True for a binary message (raw bytes, no type character).</summary>
    public bool IsBinary { get; }

    /// <summary>Text: the UTF-8 frame including the type character. Binary: the raw bytes.</summary>
    public ReadOnlyMemory<byte> Frame { get; }

    /// <summary>The data after the type character (text) or the raw bytes (binary).</summary>
    public ReadOnlyMemory<byte> Payload => IsBinary ? Frame : Frame[1..];

    /// <summary>The payload decoded as a UTF-8 string (text packets).</summary>
    public string PayloadText => Encoding.UTF8.GetString(Payload.Span);

    internal static readonly EnginePacket PingPacket = FromText(EnginePacketType.Ping, "");
    internal static readonly EnginePacket PongProbe = FromText(EnginePacketType.Pong, "probe");
    internal static readonly EnginePacket NoopPacket = FromText(EnginePacketType.Noop, "");
    internal static readonly EnginePacket ClosePacket = FromText(EnginePacketType.Close, "");

    /// <summary>Creates a text packet of the given type with a string payload.</summary>
    public static EnginePacket FromText(EnginePacketType type, string payload)
    {
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(payload)];
        bytes[0] = (byte)('0' + (int)type);
        Encoding.UTF8.GetBytes(payload, bytes.AsSpan(1));
        return new EnginePacket(type, false, bytes);
    }

    /// <summary>Wraps a complete UTF-8 text frame (type character first). The memory is not copied.</summary>
    /// <exception cref="EngineProtocolException">The frame is empty or its type character is unknown.</exception>
    public static EnginePacket FromTextFrame(ReadOnlyMemory<byte> frame)
    {
        if (frame.IsEmpty)
            throw new EngineProtocolException("empty packet");
        var c = frame.Span[0];
        if (c == (byte)'b')
            return FromBase64Frame(frame.Span[1..]);
        if (c < (byte)'0' || c > (byte)'6')
            throw new EngineProtocolException("unknown packet type");
        return new EnginePacket((EnginePacketType)(c - '0'), false, frame);
    }

    /// <summary>Creates a binary message. The memory is not copied.</summary>
    public static EnginePacket FromBinary(ReadOnlyMemory<byte> data) => new(EnginePacketType.Message, true, data);

    private static EnginePacket FromBase64Frame(ReadOnlySpan<byte> base64)
    {
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        if (Base64.DecodeFromUtf8(base64, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
            throw new EngineProtocolException("invalid base64 binary packet");
        return FromBinary(bytes.AsMemory(0, written));
    }

    /// <summary>
    /// The text form of the packet for transports without binary frames: the frame itself for text,
    /// or 'b' followed by standard base64 for binary. Computed once and cached.
    /// </summary>
    public ReadOnlyMemory<byte> TextFrame
    {
        get
        {
            if (!IsBinary)
                return Frame;
            var cached = Volatile.Read(ref _base64Frame);
            if (cached is not null)
                return cached;
            var encoded = new byte[1 + Base64.GetMaxEncodedToUtf8Length(Frame.Length)];
            encoded[0] = (byte)'b';
            Base64.EncodeToUtf8(Frame.Span, encoded.AsSpan(1), out _, out _);
            Volatile.Write(ref _base64Frame, encoded);
            return encoded;
        }
    }

    /// <inheritdoc />
    public override string ToString() => IsBinary ? $"<binary {Frame.Length} bytes>" : Encoding.UTF8.GetString(Frame.Span);
}
