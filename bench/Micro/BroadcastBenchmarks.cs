using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using SocketIO;
using SocketIO.Engine;
using SocketIO.Protocol;
using SocketIO.Serialization;

namespace Bench.Micro;

/// <summary>
/// A server-level <c>To(room).Emit("msg", payload)</c> to 1,000 local sockets in one room through the
/// in-memory adapter, as bench/Server's <c>broadcast</c> handler does (the payload is a received raw
/// JSON value). Each operation also lets every transport take its packet, so the bounded queues stay
/// empty, as they do behind a live send loop. <see cref="EncodeOnce"/> is the serialize-and-encode
/// step alone: the difference between the two is the fan-out, which must not grow with the payload.
/// </summary>
[MemoryDiagnoser]
public class BroadcastBenchmarks
{
    private const int SocketCount = 1_000;
    private const string Room = "room";

    private SocketIOServer _io = null!;
    private DrainedTransport[] _transports = null!;
    private BroadcastOperator _room = null!;
    private RawValue _payload;

    /// <summary>Size of the emitted JSON value (a string) in bytes.</summary>
    [Params(16, 1024, 64 * 1024)]
    public int PayloadBytes { get; set; }

    /// <summary>Server settings on top of the defaults (for <see cref="ObservedBroadcastBenchmarks"/>).</summary>
    public Action<SocketIOOptions>? Configure { get; set; }

    /// <summary>The server, once set up.</summary>
    public SocketIOServer Server => _io;

    [GlobalSetup]
    public void Setup()
    {
        var options = new SocketIOOptions();
        Configure?.Invoke(options);
        _io = new SocketIOServer(Options.Create(options), timeProvider: new FrozenTime());
        var joined = 0;
        _io.OnConnection(socket =>
        {
            socket.Join(Room);
            Interlocked.Increment(ref joined);
        });
        _transports = new DrainedTransport[SocketCount];
        var request = new HandshakeRequest { Address = "127.0.0.1", Url = "/socket.io/?EIO=4&transport=websocket" };
        for (var i = 0; i < SocketCount; i++)
        {
            var transport = _transports[i] = new DrainedTransport();
            transport.Attach(_io.Engine.Open(transport, request));
            transport.Channel.ReceiveFrame("40"u8.ToArray());
        }
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref joined) < SocketCount)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
                throw new InvalidOperationException($"only {joined} of {SocketCount} sockets connected");
            Thread.Sleep(1);
        }
        foreach (var transport in _transports)
            transport.Drain(out _);

        // A JSON string of exactly PayloadBytes bytes, kept raw as the bench server receives it.
        _payload = new RawValue(JsonDocument.Parse($"\"{new string('x', PayloadBytes - 2)}\"").RootElement, []);
        _room = _io.To(Room);
        VerifyOneBroadcast();
    }

    // Every socket must get exactly one packet, the same encoded frame, or the numbers mean nothing. (With recovery
    // on the frame also carries its offset, so it is longer than EncodeOnce's.)
    private void VerifyOneBroadcast()
    {
        _room.Emit("msg", _payload);
        var expected = _io.Options.ConnectionStateRecovery is null ? EncodeOnce()[0].Frame.Length : -1;
        foreach (var transport in _transports)
        {
            if (transport.Drain(out var length) != 1 || (expected >= 0 && length != expected))
                throw new InvalidOperationException("a socket did not receive exactly one broadcast frame");
            expected = length;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _io.Dispose();

    [Benchmark]
    public void Broadcast()
    {
        _room.Emit("msg", _payload);
        foreach (var transport in _transports)
            transport.Drain(out _);
    }

    [Benchmark]
    public EnginePacket[] EncodeOnce() =>
        _io.Parser.Encode(new SocketPacket(PacketType.Event, "/", _io.Serializer.WriteEvent("msg", [_payload])));
}
