using System.Text;
using System.Threading.Channels;
using SocketIO.Engine;

namespace SocketIO.TestSupport;

/// <summary>An in-memory transport: packets the engine writes are collected; the test feeds inbound frames.</summary>
public sealed class TestTransport(string name = "websocket", bool reads = true) : IEngineTransport
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Channel<EnginePacket> _sent = System.Threading.Channels.Channel.CreateUnbounded<EnginePacket>();
    private readonly CancellationTokenSource _stop = new();
    private EngineChannel? _channel;

    public string Name => name;
    public int Released;
    public bool Closed => _stop.IsCancellationRequested;
    public EngineChannel Channel => _channel ?? throw new InvalidOperationException("not attached");
    public EngineSession Session => Channel.Session;

    public void ReleasePending() => Interlocked.Increment(ref Released);

    public void Close() => _stop.Cancel();

    /// <summary>Binds the channel and, unless the transport is paused, starts writing its packets.</summary>
    public void Attach(EngineChannel channel)
    {
        _channel = channel;
        if (reads)
            StartReading();
    }

    public void StartReading() => _ = Task.Run(ReadLoopAsync);

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await Channel.WaitToReadAsync(_stop.Token))
            {
                while (Channel.TryRead(out var packet))
                    _sent.Writer.TryWrite(packet);
            }
        }
        catch (OperationCanceledException)
        {
        }
        _sent.Writer.TryComplete();
    }

    public void SendText(string frame) => Channel.ReceiveFrame(Encoding.UTF8.GetBytes(frame));

    public void SendBinary(byte[] bytes) => Channel.Receive(EnginePacket.FromBinary(bytes));

    /// <summary>The next packet the engine wrote; fails after the timeout or when the transport ended.</summary>
    public async Task<EnginePacket> NextAsync()
    {
        try
        {
            return await _sent.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The transport ended before another packet arrived.");
        }
    }

    /// <summary>The next text frame as a string (binary as "&lt;binary n bytes&gt;").</summary>
    public async Task<string> NextTextAsync() => (await NextAsync()).ToString();

    /// <summary>The next text frame, or null when none comes within <paramref name="within"/>.</summary>
    public async Task<string?> NextTextOrNullAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return (await _sent.Reader.ReadAsync(timeout.Token)).ToString();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The next packet, which must be a binary message; returns its bytes.</summary>
    public async Task<byte[]> NextBinaryAsync()
    {
        var packet = await NextAsync();
        Assert.True(packet.IsBinary, $"expected a binary message, got {packet}");
        return packet.Payload.ToArray();
    }

    /// <summary>Skips frames until one satisfies <paramref name="match"/>.</summary>
    public async Task<string> NextMatchingAsync(Func<string, bool> match)
    {
        while (true)
        {
            var text = await NextTextAsync();
            if (match(text))
                return text;
        }
    }

    /// <summary>True when no packet is waiting now (used after a known-complete exchange).</summary>
    public bool TryPeekNothing(out EnginePacket? packet) => !_sent.Reader.TryRead(out packet);

    /// <summary>Waits until the transport has been closed by the engine.</summary>
    public async Task WaitClosedAsync()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var reg = _stop.Token.Register(() => tcs.TrySetResult());
        await tcs.Task.WaitAsync(Wait);
    }
}
