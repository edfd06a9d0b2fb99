using System.Buffers.Text;
using System.Text;

namespace Bench.LoadGen;

/// <summary>Builds and recognises the frames of one target. Frames are whole WebSocket text messages.</summary>
internal abstract class Wire
{
    public static Wire For(Target target) => target == Target.Raw ? new RawWire() : new SocketIoWire();

    /// <summary>True when the target needs the Engine.IO/Socket.IO handshake and heartbeat.</summary>
    public abstract bool IsSocketIo { get; }

    public abstract Uri WebSocketUri(Uri baseUrl);

    public abstract int WriteEcho(Span<byte> destination, long ackId, long timestamp, ReadOnlySpan<byte> payload);

    /// <summary>Recognises an echo reply; <paramref name="ackId"/> is -1 when the target has no ack ids.</summary>
    public abstract bool TryReadEchoReply(ReadOnlySpan<byte> message, out long ackId);

    public abstract int WriteJoin(Span<byte> destination, string room, long ackId);

    public abstract bool TryReadJoinReply(ReadOnlySpan<byte> message, out long ackId);

    public abstract int WriteBroadcast(Span<byte> destination, string room, long timestamp, long sequence);

    /// <summary>Recognises a delivered broadcast and reads its timestamp and sequence number.</summary>
    public abstract bool TryReadMessage(ReadOnlySpan<byte> message, out long timestamp, out long sequence);

    protected static Uri WithPath(Uri baseUrl, string pathAndQuery)
    {
        var scheme = baseUrl.Scheme == "https" ? "wss" : "ws";
        return new Uri($"{scheme}://{baseUrl.Authority}{pathAndQuery}");
    }

    /// <summary>Reads the unsigned decimal that follows <paramref name="key"/> (e.g. <c>"ts":</c>).</summary>
    protected static bool TryReadNumberAfter(ReadOnlySpan<byte> message, ReadOnlySpan<byte> key, out long value)
    {
        var at = message.IndexOf(key);
        if (at < 0)
        {
            value = 0;
            return false;
        }

        return Utf8Parser.TryParse(message[(at + key.Length)..], out value, out _);
    }

    protected static bool TryReadLeadingNumber(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        var i = 0;
        for (; i < digits.Length && (uint)(digits[i] - '0') <= 9; i++)
        {
            value = (value * 10) + (digits[i] - '0');
        }

        return i > 0;
    }

    /// <summary>Appends to a span; all frames here are tiny, so running out of space is a bug.</summary>
    protected ref struct Writer
    {
        private readonly Span<byte> _destination;

        public Writer(Span<byte> destination)
        {
            _destination = destination;
            Length = 0;
        }

        public int Length { get; private set; }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_destination[Length..]);
            Length += bytes.Length;
        }

        public void Append(long value)
        {
            if (!Utf8Formatter.TryFormat(value, _destination[Length..], out var written))
            {
                throw new InvalidOperationException("frame buffer too small");
            }

            Length += written;
        }

        public void Append(string text) => Length += Encoding.UTF8.GetBytes(text, _destination[Length..]);
    }
}

/// <summary>Engine.IO 4 message packets carrying Socket.IO 5 packets on the main namespace.</summary>
internal sealed class SocketIoWire : Wire
{
    public override bool IsSocketIo => true;

    public override Uri WebSocketUri(Uri baseUrl) => WithPath(baseUrl, "/socket.io/?EIO=4&transport=websocket");

    // 421["echo",{"t":123,"p":"..."}]
    public override int WriteEcho(Span<byte> destination, long ackId, long timestamp, ReadOnlySpan<byte> payload)
    {
        var w = new Writer(destination);
        w.Append("42"u8);
        w.Append(ackId);
        w.Append("[\"echo\",{\"t\":"u8);
        w.Append(timestamp);
        w.Append(",\"p\":\""u8);
        w.Append(payload);
        w.Append("\"}]"u8);
        return w.Length;
    }

    // 431[{"t":123,"p":"..."}]
    public override bool TryReadEchoReply(ReadOnlySpan<byte> message, out long ackId) => TryReadAck(message, out ackId);

    // 421["join","bench"]
    public override int WriteJoin(Span<byte> destination, string room, long ackId)
    {
        var w = new Writer(destination);
        w.Append("42"u8);
        w.Append(ackId);
        w.Append("[\"join\",\""u8);
        w.Append(room);
        w.Append("\"]"u8);
        return w.Length;
    }

    // 431[]
    public override bool TryReadJoinReply(ReadOnlySpan<byte> message, out long ackId) => TryReadAck(message, out ackId);

    // 42["broadcast","bench",{"ts":123,"seq":4}]
    public override int WriteBroadcast(Span<byte> destination, string room, long timestamp, long sequence)
    {
        var w = new Writer(destination);
        w.Append("42[\"broadcast\",\""u8);
        w.Append(room);
        w.Append("\",{\"ts\":"u8);
        w.Append(timestamp);
        w.Append(",\"seq\":"u8);
        w.Append(sequence);
        w.Append("}]"u8);
        return w.Length;
    }

    // 42["msg",{"ts":123,"seq":4}]
    public override bool TryReadMessage(ReadOnlySpan<byte> message, out long timestamp, out long sequence)
    {
        sequence = 0;
        timestamp = 0;
        return message.StartsWith("42[\"msg\","u8)
            && TryReadNumberAfter(message, "\"ts\":"u8, out timestamp)
            && TryReadNumberAfter(message, "\"seq\":"u8, out sequence);
    }

    private static bool TryReadAck(ReadOnlySpan<byte> message, out long ackId)
    {
        ackId = -1;
        return message.Length > 2 && message[0] == '4' && message[1] == '3' && TryReadLeadingNumber(message[2..], out ackId);
    }
}

/// <summary>The RawWebSocket ceiling's framing: e…, j&lt;room&gt; → J, b&lt;room&gt;|&lt;payload&gt; → m&lt;payload&gt;.</summary>
internal sealed class RawWire : Wire
{
    public override bool IsSocketIo => false;

    public override Uri WebSocketUri(Uri baseUrl) => WithPath(baseUrl, "/ws");

    // e{"t":123,"p":"..."}
    public override int WriteEcho(Span<byte> destination, long ackId, long timestamp, ReadOnlySpan<byte> payload)
    {
        var w = new Writer(destination);
        w.Append("e{\"t\":"u8);
        w.Append(timestamp);
        w.Append(",\"p\":\""u8);
        w.Append(payload);
        w.Append("\"}"u8);
        return w.Length;
    }

    public override bool TryReadEchoReply(ReadOnlySpan<byte> message, out long ackId)
    {
        ackId = -1;
        return message.Length > 0 && message[0] == 'e';
    }

    public override int WriteJoin(Span<byte> destination, string room, long ackId)
    {
        var w = new Writer(destination);
        w.Append("j"u8);
        w.Append(room);
        return w.Length;
    }

    public override bool TryReadJoinReply(ReadOnlySpan<byte> message, out long ackId)
    {
        ackId = -1;
        return message.Length == 1 && message[0] == 'J';
    }

    // bbench|{"ts":123,"seq":4}
    public override int WriteBroadcast(Span<byte> destination, string room, long timestamp, long sequence)
    {
        var w = new Writer(destination);
        w.Append("b"u8);
        w.Append(room);
        w.Append("|{\"ts\":"u8);
        w.Append(timestamp);
        w.Append(",\"seq\":"u8);
        w.Append(sequence);
        w.Append("}"u8);
        return w.Length;
    }

    // m{"ts":123,"seq":4}
    public override bool TryReadMessage(ReadOnlySpan<byte> message, out long timestamp, out long sequence)
    {
        sequence = 0;
        timestamp = 0;
        return message.Length > 0 && message[0] == 'm'
            && TryReadNumberAfter(message, "\"ts\":"u8, out timestamp)
            && TryReadNumberAfter(message, "\"seq\":"u8, out sequence);
    }
}
