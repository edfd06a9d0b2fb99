using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace Bench.RawWebSocket;

/// <summary>One accepted WebSocket: a receive loop that dispatches operations and a writer loop that drains the outbound queue.</summary>
internal sealed class Connection
{
    private const int OutboundLimit = 8192;
    private const int MaxMessageBytes = 1 << 20;

    private readonly WebSocket _socket;
    private readonly RoomRegistry _rooms;
    private readonly Channel<Outbound> _outbound;
    private readonly List<Room> _joined = [];

    public Connection(WebSocket socket, RoomRegistry rooms)
    {
        _socket = socket;
        _rooms = rooms;
        _outbound = Channel.CreateBounded<Outbound>(new BoundedChannelOptions(OutboundLimit)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Queues an already-encoded frame. A connection whose queue is full is aborted.</summary>
    public void Enqueue(Outbound frame)
    {
        if (!_outbound.Writer.TryWrite(frame))
        {
            frame.Release();
            _socket.Abort();
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        var writer = WriteLoopAsync();
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= MaxMessageBytes)
                        {
                            return;
                        }

                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), stopping);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                if (length > 0)
                {
                    Dispatch(buffer.AsSpan(0, length));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            foreach (var room in _joined)
            {
                room.Remove(this);
            }

            _outbound.Writer.TryComplete();
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await writer;
    }

    private void Dispatch(ReadOnlySpan<byte> message)
    {
        switch (message[0])
        {
            case (byte)'e':
                Enqueue(Outbound.CopyOf(message));
                break;

            case (byte)'j':
                var room = _rooms.GetOrAdd(Encoding.UTF8.GetString(message[1..]));
                if (!_joined.Contains(room))
                {
                    room.Add(this);
                    _joined.Add(room);
                }

                Enqueue(Outbound.JoinReply);
                break;

            case (byte)'b':
                var bar = message.IndexOf((byte)'|');
                if (bar < 0)
                {
                    break;
                }

                if (_rooms.TryGet(Encoding.UTF8.GetString(message[1..bar]), out var target))
                {
                    // Encoded once, the same bytes are queued for every member.
                    var payload = message[(bar + 1)..];
                    var frame = new byte[payload.Length + 1];
                    frame[0] = (byte)'m';
                    payload.CopyTo(frame.AsSpan(1));
                    var shared = Outbound.Shared(frame);
                    foreach (var member in target.Members)
                    {
                        member.Enqueue(shared);
                    }
                }

                break;
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var frame))
                {
                    try
                    {
                        await _socket.SendAsync(frame.Memory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    }
                    finally
                    {
                        frame.Release();
                    }
                }
            }
        }
        catch (WebSocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _outbound.Writer.TryComplete();
            while (reader.TryRead(out var frame))
            {
                frame.Release();
            }
        }
    }
}

/// <summary>A frame in an outbound queue: either a pooled private copy (returned after sending) or a shared array.</summary>
internal readonly struct Outbound
{
    public static readonly Outbound JoinReply = Shared("J"u8.ToArray());

    private readonly byte[] _array;
    private readonly int _length;
    private readonly bool _pooled;

    private Outbound(byte[] array, int length, bool pooled)
    {
        _array = array;
        _length = length;
        _pooled = pooled;
    }

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _length);

    public static Outbound Shared(byte[] frame) => new(frame, frame.Length, pooled: false);

    public static Outbound CopyOf(ReadOnlySpan<byte> bytes)
    {
        var array = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(array);
        return new Outbound(array, bytes.Length, pooled: true);
    }

    public void Release()
    {
        if (_pooled)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
    }
}
