using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using SocketIO;
using SocketIO.Engine;

namespace Bench.Micro;

/// <summary>
/// One received event through the whole server path, on one socket of an in-memory transport: the text
/// frame is handed to the engine session, decoded by the default parser, routed to the socket and its
/// handler, and whatever the handler sends is taken off the outbound queue, as a send loop would.
/// <see cref="Unhandled"/> is the path with no handler (decode and routing); <see cref="TypedArgument"/>
/// adds binding the argument to a record; <see cref="EchoAck"/> is bench/Server's <c>echo</c>
/// (<c>e.Ack(e.Args)</c>), which re-encodes the received arguments and queues the ack.
/// </summary>
[MemoryDiagnoser]
public class EventPathBenchmarks
{
    private sealed record Item(int A, string B);

    private static readonly byte[] EchoFrame = Encoding.UTF8.GetBytes("421[\"echo\",{\"a\":1,\"b\":\"x\"}]");
    private static readonly byte[] TypedFrame = Encoding.UTF8.GetBytes("42[\"typed\",{\"a\":1,\"b\":\"x\"}]");
    private static readonly byte[] UnhandledFrame = Encoding.UTF8.GetBytes("42[\"none\",{\"a\":1,\"b\":\"x\"}]");

    private SocketIOServer _io = null!;
    private DrainedTransport _transport = null!;
    private Item? _received;

    [GlobalSetup]
    public void Setup()
    {
        _io = new SocketIOServer(Options.Create(new SocketIOOptions()), timeProvider: new FrozenTime());
        var connected = 0;
        _io.OnConnection(socket =>
        {
            socket.On("echo", (SocketEvent e) => e.Ack(e.Args));
            socket.On("typed", (Item item) => { _received = item; });
            Interlocked.Increment(ref connected);
        });
        _transport = new DrainedTransport();
        var request = new HandshakeRequest { Address = "127.0.0.1", Url = "/socket.io/?EIO=4&transport=websocket" };
        _transport.Attach(_io.Engine.Open(_transport, request));
        _transport.Channel.ReceiveFrame("40"u8.ToArray());
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref connected) == 0)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
                throw new InvalidOperationException("the socket did not connect");
            Thread.Sleep(1);
        }
        _transport.Drain(out _);
        Verify();
    }

    // Each operation must do what its name says, or the numbers mean nothing.
    private void Verify()
    {
        _transport.Channel.ReceiveFrame(EchoFrame);
        if (!_transport.Channel.TryRead(out var ack) || Encoding.UTF8.GetString(ack.Frame.Span) != "431[{\"a\":1,\"b\":\"x\"}]" || _transport.Drain(out _) != 0)
            throw new InvalidOperationException("echo did not answer with exactly its ack");
        TypedArgument();
        if (_received is not { A: 1, B: "x" } || _transport.Drain(out _) != 0)
            throw new InvalidOperationException("the typed handler did not receive its argument");
        if (Unhandled() != 0 || _transport.Channel.Session.IsClosed)
            throw new InvalidOperationException("an unhandled event sent something or closed the session");
    }

    [GlobalCleanup]
    public void Cleanup() => _io.Dispose();

    [Benchmark]
    public int Unhandled()
    {
        _transport.Channel.ReceiveFrame(UnhandledFrame);
        return _transport.Drain(out _);
    }

    [Benchmark]
    public int TypedArgument()
    {
        _transport.Channel.ReceiveFrame(TypedFrame);
        return _transport.Drain(out _);
    }

    [Benchmark]
    public int EchoAck()
    {
        _transport.Channel.ReceiveFrame(EchoFrame);
        return _transport.Drain(out _);
    }
}
