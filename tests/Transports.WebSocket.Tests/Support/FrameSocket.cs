using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>A frame the server sent, as it was on the wire.</summary>
internal readonly record struct ServerFrame(bool Fin, byte Rsv, byte Opcode, bool Masked, int LengthCode, byte[] Payload)
{
    public string Text => Encoding.UTF8.GetString(Payload);

    /// <summary>The status code of a close frame, or null for a close frame without a body.</summary>
    public ushort? CloseStatus => Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : null;
}

/// <summary>
/// A WebSocket client over a bare TCP socket: a hand-written HTTP/1.1 upgrade request, then whatever
/// bytes a test hands it, in the TCP writes it chooses. Server frames are read and checked raw.
/// </summary>
internal sealed class FrameSocket : IAsyncDisposable
{
    /// <summary>The Sec-WebSocket-Key of RFC 6455 1.3; its accept value is <see cref="SampleAccept"/>.</summary>
    public const string SampleKey = "dGhlIHNhbXBsZSBub25jZQ==";

    public const string SampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private FrameSocket(TcpClient tcp, int status, Dictionary<string, string> headers)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        StatusCode = status;
        Headers = headers;
    }

    /// <summary>The status code of the handshake response.</summary>
    public int StatusCode { get; }

    /// <summary>The handshake response headers (names case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>
    /// Sends the upgrade request, followed in the same TCP write by <paramref name="early"/> (frames sent
    /// before the answer), and reads the response head, leaving the stream at the first frame.
    /// </summary>
    public static async Task<FrameSocket> ConnectAsync(Uri server, string pathAndQuery, string key = SampleKey, byte[]? early = null)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port).WaitAsync(Wait.Timeout);
        var stream = tcp.GetStream();
        var request =
            $"GET {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request).Concat(early ?? []).ToArray()).AsTask().WaitAsync(Wait.Timeout);
        var lines = (await ReadHeadAsync(stream)).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }
        return new FrameSocket(tcp, status, headers);
    }

    /// <summary>Reads up to the blank line one byte at a time, so no frame byte is consumed with it.</summary>
    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one).AsTask().WaitAsync(Wait.Timeout);
            head.Append((char)one[0]);
        }
        return head.ToString(0, head.Length - 4);
    }

    /// <summary>The engine session id from the open packet, once <see cref="OpenAsync"/> has read it.</summary>
    public string Sid { get; private set; } = "";

    /// <summary>Opens a WebSocket session on <paramref name="pathAndQuery"/> and reads its open packet.</summary>
    public static async Task<FrameSocket> OpenAsync(Uri server, string pathAndQuery)
    {
        var socket = await ConnectAsync(server, pathAndQuery);
        Assert.Equal(101, socket.StatusCode);
        var open = await socket.ReceiveTextAsync();
        Assert.StartsWith("0{", open);
        socket.Sid = System.Text.Json.JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;
        return socket;
    }

    /// <summary>Sends <paramref name="bytes"/> in one TCP write.</summary>
    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask().WaitAsync(Wait.Timeout);

    /// <summary>Sends <paramref name="bytes"/> one byte per TCP write (Nagle is off).</summary>
    public async Task SendBytewiseAsync(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
            await _stream.WriteAsync(bytes.AsMemory(i, 1)).AsTask().WaitAsync(Wait.Timeout);
    }

    /// <summary>Sends one masked frame.</summary>
    public Task SendFrameAsync(byte opcode, byte[] payload, bool fin = true) => SendAsync(ClientFrame.Build(opcode, payload, fin));

    /// <summary>Sends one masked text frame.</summary>
    public Task SendTextAsync(string text, bool fin = true, byte opcode = ClientFrame.Text) =>
        SendFrameAsync(opcode, Encoding.UTF8.GetBytes(text), fin);

    /// <summary>The next frame; asserts the server did not mask it (RFC 6455 5.1).</summary>
    public async Task<ServerFrame> ReceiveFrameAsync()
    {
        var head = new byte[2];
        await ReadExactlyAsync(head);
        var lengthCode = head[1] & 0x7F;
        long length = lengthCode;
        if (lengthCode >= 126)
        {
            var extended = new byte[lengthCode == 126 ? 2 : 8];
            await ReadExactlyAsync(extended);
            length = lengthCode == 126 ? BinaryPrimitives.ReadUInt16BigEndian(extended) : (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
        }
        var masked = (head[1] & 0x80) != 0;
        Assert.False(masked, "the server masked a frame");
        var payload = new byte[length];
        await ReadExactlyAsync(payload);
        return new ServerFrame((head[0] & 0x80) != 0, (byte)((head[0] >> 4) & 0x7), (byte)(head[0] & 0x0F), masked, lengthCode, payload);
    }

    /// <summary>The next frame, which must be a final text frame.</summary>
    public async Task<string> ReceiveTextAsync()
    {
        var frame = await ReceiveFrameAsync();
        Assert.Equal((true, (byte)0, ClientFrame.Text), (frame.Fin, frame.Rsv, frame.Opcode));
        return frame.Text;
    }

    /// <summary>Reads until a close frame, which must come, and returns it; frames before it are skipped.</summary>
    public async Task<ServerFrame> ReceiveCloseAsync()
    {
        while (true)
        {
            var frame = await ReceiveFrameAsync();
            if (frame.Opcode == ClientFrame.Close)
                return frame;
        }
    }

    /// <summary>Asserts the server ends the TCP connection: a read returns nothing more (or the connection resets).</summary>
    public async Task ExpectEndAsync()
    {
        var buffer = new byte[256];
        try
        {
            var read = await _stream.ReadAsync(buffer).AsTask().WaitAsync(Wait.Timeout);
            Assert.True(read == 0, $"the server sent {read} more bytes after its close frame");
        }
        catch (IOException)
        {
            // reset by the server: ended too
        }
    }

    /// <summary>Drops the connection without a close frame: a FIN, or a RST with <paramref name="reset"/>.</summary>
    public void Drop(bool reset)
    {
        // Closing the socket itself with a zero linger is abortive; closing the client would shut down (FIN) first.
        if (reset)
            _tcp.Client.Close(0);
        _tcp.Close();
    }

    private Task ReadExactlyAsync(byte[] buffer) => _stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Wait.Timeout);

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
