using System.Threading.Channels;
using SocketIO.Engine;

namespace SocketIO.Parsers.MessagePack.Tests.Support;

/// <summary>An in-memory WebSocket-like transport: the test feeds engine messages in and reads what the server writes.</summary>
internal sealed class MemoryTransport : IEngineTransport
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Channel<EnginePacket> _sent = Channel.CreateUnbounded<EnginePacket>();
    private readonly CancellationTokenSource _stop = new();
    private EngineChannel? _channel;

    public string Name => "websocket";
    public EngineSession Session => Link.Session;
    private EngineChannel Link => _channel ?? throw new InvalidOperationException("not open");

    public void Close() => _stop.Cancel();

    /// <summary>Opens an engine session on <paramref name="server"/> and consumes its open packet.</summary>
    public static async Task<MemoryTransport> OpenAsync(SocketIOServer server)
    {
        var transport = new MemoryTransport();
        transport._channel = server.Engine.Open(transport, new HandshakeRequest { Address = "127.0.0.1", Url = "/socket.io/?EIO=4&transport=websocket" });
        _ = Task.Run(transport.PumpAsync);
        var open = await transport.NextAsync();
        Assert.Equal(EnginePacketType.Open, open.Type);
        return transport;
    }

    public void Send(IEnumerable<EnginePacket> messages)
    {
        foreach (var message in messages)
            Link.Receive(message);
    }

    /// <summary>The next packet the server wrote.</summary>
    public async Task<EnginePacket> NextAsync() => await _sent.Reader.ReadAsync().AsTask().WaitAsync(Wait);

    private async Task PumpAsync()
    {
        try
        {
            while (await Link.WaitToReadAsync(_stop.Token))
            {
                while (Link.TryRead(out var packet))
                    _sent.Writer.TryWrite(packet);
            }
        }
        catch (OperationCanceledException)
        {
        }
        _sent.Writer.TryComplete();
    }
}
