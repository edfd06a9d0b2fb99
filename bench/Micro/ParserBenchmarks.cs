using BenchmarkDotNet.Attributes;
using SocketIO.Engine;
using SocketIO.Parsers.MessagePack;
using SocketIO.Protocol;
using SocketIO.Serialization;

namespace Bench.Micro;

/// <summary>
/// Encode and decode of one event under each parser: a small chat message, and an event carrying
/// 64 KiB of binary. <c>DecodeSmallEvent</c> and <c>DecodeBinaryEvent64K</c> include reaching the parsed
/// JSON root (what a handler that asks for a <c>JsonElement</c> costs); <see cref="DecodeEchoEvent"/> is
/// the decode alone, which is all the runtime needs before a handler asks for a type.
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private sealed record Chat(string User, string Text, long Ts);

    private IPacketParser _parser = null!;
    private IPacketDecoder _decoder = null!;
    private SocketPacket _small = null!;
    private SocketPacket _binary = null!;
    private EnginePacket[] _echoMessages = null!;
    private EnginePacket[] _smallMessages = null!;
    private EnginePacket[] _binaryMessages = null!;

    [Params("json", "msgpack")]
    public string Parser { get; set; } = "json";

    [GlobalSetup]
    public void Setup()
    {
        _parser = Parser == "msgpack" ? new MessagePackPacketParser() : new JsonPacketParser();
        _decoder = _parser.CreateDecoder();
        var serializer = new PayloadSerializer();
        _small = new SocketPacket(PacketType.Event, "/", serializer.WriteEvent("chat", [new Chat("alice", "hello world", 1_700_000_000_000)]));
        var blob = new byte[64 * 1024];
        new Random(42).NextBytes(blob);
        _binary = new SocketPacket(PacketType.Event, "/", serializer.WriteEvent("upload", ["photo.jpg", blob]), 7);
        _smallMessages = _parser.Encode(_small);
        _echoMessages = _parser.Encode(new SocketPacket(PacketType.Event, "/", PacketData.FromJson("""["echo",{"a":1,"b":"x"}]""")));
        _binaryMessages = _parser.Encode(_binary);
    }

    [Benchmark]
    public EnginePacket[] EncodeSmallEvent() => _parser.Encode(_small);

    [Benchmark]
    public EnginePacket[] EncodeBinaryEvent64K() => _parser.Encode(_binary);

    [Benchmark]
    public SocketPacket DecodeSmallEvent() => Decode(_smallMessages);

    [Benchmark]
    public SocketPacket DecodeBinaryEvent64K() => Decode(_binaryMessages);

    /// <summary><c>42["echo",{"a":1,"b":"x"}]</c> (or its msgpack form), without reaching the JSON root.</summary>
    [Benchmark]
    public SocketPacket DecodeEchoEvent() => _decoder.Decode(_echoMessages[0])!;

    private SocketPacket Decode(EnginePacket[] messages)
    {
        SocketPacket? packet = null;
        foreach (var message in messages)
            packet = _decoder.Decode(message);
        _ = packet!.Data!.Root.ValueKind;
        return packet;
    }
}
