using SocketIO.Fuzz.Targets;

namespace SocketIO.Fuzz;

/// <summary>Every fuzz target, by name (the name is also the corpus folder under bench/Fuzz/corpus).</summary>
public static class FuzzTargets
{
    /// <summary>All targets, in a fixed order.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("engine-packet", "EnginePacket.FromTextFrame (Engine.IO text frames, 'b' + base64)", EnginePacketTarget.Run),
        new("polling-payload", "PollingTransport POST: body read, split on 0x1E, each packet into a session", PollingPayloadTarget.Run),
        new("websocket-frames", "WebSocketTransport receive loop: RFC 6455 frames, fragments, control frames, upgrade probe", WebSocketFramesTarget.Run),
        new("stream-frames", "StreamFrameDecoder (TCP transport framing) in arbitrary chunks, then the engine packet", StreamFramesTarget.Run),
        new("json-parser", "default parser decoder (socket.io-parser text + binary attachments)", JsonParserTarget.Run),
        new("msgpack-parser", "MessagePackPacketParser decoder (socket.io-msgpack-parser)", MsgpackParserTarget.Run),
        new("cluster-codec", "ClusterMessageCodec.Decode (socket.io-adapter envelope, JSON or msgpack)", ClusterCodecTarget.Run),
        new("msgpack-reader", "Core's MsgpackReader: ReadJson and the typed reads", MsgpackReaderTarget.Run),
    ];

    /// <summary>The target called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    public static FuzzTarget Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"unknown target '{name}'; one of: {string.Join(", ", All.Select(t => t.Name))}");
}
