using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace SocketIO.Transports.Tcp.Tests.Support;

/// <summary>One frame as the server sent it.</summary>
public readonly record struct Frame(bool Binary, byte[] Payload, int HeaderSize)
{
    public string Text => Encoding.UTF8.GetString(Payload);

    public override string ToString() => Binary ? $"<binary {Payload.Length}>" : Text;
}

/// <summary>
/// A device speaking the stream framing by hand over a real socket, so tests control every byte:
/// split frames, coalesced frames, bad headers. Every read has a timeout.
/// </summary>
public sealed class RawTcpClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly byte[] _one = new byte[1];

    private RawTcpClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawTcpClient> ConnectAsync(IPEndPoint endPoint)
    {
        var client = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        await client.ConnectAsync(endPoint).WaitAsync(Wait.Timeout);
        return new RawTcpClient(client);
    }

    /// <summary>Connects, sends the open packet, and returns the server's open packet JSON.</summary>
    public static async Task<(RawTcpClient Client, JsonElement Open)> OpenAsync(IPEndPoint endPoint)
    {
        var client = await ConnectAsync(endPoint);
        await client.SendTextAsync("0");
        var open = await client.ReceiveAsync();
        Assert.False(open.Binary);
        Assert.StartsWith("0{", open.Text);
        return (client, JsonDocument.Parse(open.Text[1..]).RootElement.Clone());
    }

    /// <summary>The header bytes the framing uses for a payload of <paramref name="length"/> bytes.</summary>
    public static byte[] Header(bool binary, long length)
    {
        var flag = binary ? (byte)0x80 : (byte)0;
        if (length < 126)
            return [(byte)(flag | length)];
        if (length < 65536)
        {
            var h = new byte[3];
            h[0] = (byte)(flag | 126);
            BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(1), (ushort)length);
            return h;
        }
        var big = new byte[9];
        big[0] = (byte)(flag | 127);
        BinaryPrimitives.WriteUInt64BigEndian(big.AsSpan(1), (ulong)length);
        return big;
    }

    /// <summary>A whole frame: header and payload.</summary>
    public static byte[] FrameOf(bool binary, byte[] payload) => [.. Header(binary, payload.Length), .. payload];

    public static byte[] TextFrame(string text) => FrameOf(false, Encoding.UTF8.GetBytes(text));

    public Task SendTextAsync(string text) => SendRawAsync(TextFrame(text));

    public Task SendBinaryAsync(byte[] payload) => SendRawAsync(FrameOf(true, payload));

    /// <summary>Writes bytes as they are, in one write.</summary>
    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes).AsTask().WaitAsync(Wait.Timeout);

    /// <summary>Writes bytes one at a time, each its own write (and, with NoDelay, usually its own segment).</summary>
    public async Task SendByteByByteAsync(byte[] bytes)
    {
        foreach (var b in bytes)
            await SendRawAsync([b]);
    }

    /// <summary>The next frame from the server.</summary>
    public async Task<Frame> ReceiveAsync()
    {
        var first = await ReadByteAsync();
        var binary = (first & 0x80) != 0;
        long length = first & 0x7F;
        var headerSize = 1;
        if (length == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(2));
            headerSize = 3;
        }
        else if (length == 127)
        {
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyAsync(8));
            headerSize = 9;
        }
        return new Frame(binary, await ReadExactlyAsync((int)length), headerSize);
    }

    /// <summary>The next text frame, skipping server pings ("2"), which this client answers.</summary>
    public async Task<string> ReceiveTextAsync()
    {
        while (true)
        {
            var frame = await ReceiveAsync();
            if (!frame.Binary && frame.Text == "2")
            {
                await SendTextAsync("3");
                continue;
            }
            Assert.False(frame.Binary, "expected a text frame, got binary");
            return frame.Text;
        }
    }

    /// <summary>Skips frames until a text frame satisfies <paramref name="match"/>.</summary>
    public async Task<string> ReceiveTextUntilAsync(Func<string, bool> match)
    {
        while (true)
        {
            var frame = await ReceiveAsync();
            if (!frame.Binary && match(frame.Text))
                return frame.Text;
        }
    }

    /// <summary>Waits until the server ends the connection (end of stream or reset), ignoring anything it still sends.</summary>
    public async Task ExpectClosedAsync()
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        try
        {
            while (await _stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // reset by the server: closed as well
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("the server did not close the connection");
        }
    }

    private async Task<byte> ReadByteAsync() => (await ReadExactlyAsync(1))[0];

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var buffer = count == 1 ? _one : new byte[count];
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        try
        {
            await _stream.ReadExactlyAsync(buffer, timeout.Token);
        }
        catch (EndOfStreamException)
        {
            Assert.Fail("the server closed the connection");
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("no frame from the server in time");
        }
        return count == 1 ? [buffer[0]] : buffer;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
