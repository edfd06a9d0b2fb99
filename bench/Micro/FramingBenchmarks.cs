using System.Buffers.Binary;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using SocketIO.Engine;
using SocketIO.Transports.WebSocket.Internal;

namespace Bench.Micro;

/// <summary>
/// Engine.IO framing: text packets made and decoded, the 'b'+base64 form of a 64 KiB binary packet,
/// a long-polling GET that batches 16 queued packets and a POST that carries 16 (through the real
/// <see cref="PollingTransport"/> on a reused <see cref="DefaultHttpContext"/>), and the RFC 6455
/// header write, header read and client-frame unmask of the WebSocket transport.
/// </summary>
[MemoryDiagnoser]
public class FramingBenchmarks
{
    private const int BatchSize = 16;
    private const string EchoPayload = "2[\"echo\",{\"user\":\"alice\",\"text\":\"hello world\",\"ts\":1700000000000}]";

    private readonly byte[] _echoFrame = Encoding.UTF8.GetBytes("4" + EchoPayload);
    private byte[] _blob = null!;
    private byte[] _base64Frame = null!;
    private EnginePacket _echoPacket = null!;
    private PollingTransport _polling = null!;
    private EngineSession _session = null!;
    private DefaultHttpContext _get = null!;
    private DefaultHttpContext _post = null!;
    private MemoryStream _postBody = null!;
    private int _received;
    private readonly byte[] _clientHeader = new byte[14];
    private byte[] _maskedSmall = null!;
    private byte[] _masked64K = null!;

    [GlobalSetup]
    public void Setup()
    {
        _blob = new byte[64 * 1024];
        new Random(42).NextBytes(_blob);
        _base64Frame = EnginePacket.FromBinary(_blob).TextFrame.ToArray();
        _echoPacket = EnginePacket.FromTextFrame(_echoFrame);

        var engine = new EngineServer(new EngineOptions(), new FrozenTime());
        _polling = new PollingTransport(NullLogger.Instance, engine.Options.MaxHttpBufferSize);
        var channel = engine.Open(_polling, new HandshakeRequest { Address = "127.0.0.1", Url = "/engine.io/?EIO=4&transport=polling" });
        _polling.Attach(channel);
        _session = channel.Session;
        _session.MessageReceived += (_, _) => _received++;
        _get = new DefaultHttpContext();
        _get.Request.Method = "GET";
        _post = new DefaultHttpContext();
        _post.Request.Method = "POST";
        _post.Request.ContentType = "text/plain;charset=UTF-8";
        var body = new List<byte>();
        for (var i = 0; i < BatchSize; i++)
        {
            if (i > 0)
                body.Add(PollingTransport.RecordSeparator);
            body.AddRange(_echoFrame);
        }
        _postBody = new MemoryStream(body.ToArray());
        _post.Request.Body = _postBody;
        _post.Request.ContentLength = _postBody.Length;
        _polling.HandleAsync(_get).GetAwaiter().GetResult(); // takes the open packet
        Verify();

        // A masked client frame header announcing 64 KiB (127 + 64-bit length + mask).
        _clientHeader[0] = 0x80 | WebSocketFrame.Text;
        _clientHeader[1] = 0x80 | 127;
        BinaryPrimitives.WriteUInt64BigEndian(_clientHeader.AsSpan(2), 64 * 1024);
        BinaryPrimitives.WriteUInt32BigEndian(_clientHeader.AsSpan(10), 0x1234_5678);
        _maskedSmall = (byte[])_echoFrame.Clone();
        _masked64K = (byte[])_blob.Clone();
    }

    // The polling benchmarks must move all 16 packets each way, or they measure an error path.
    private void Verify()
    {
        _received = 0;
        PollingPost16().GetAwaiter().GetResult();
        if (_received != BatchSize || _post.Response.StatusCode != 200)
            throw new InvalidOperationException($"POST delivered {_received} packets, status {_post.Response.StatusCode}");
        PollingGet16().GetAwaiter().GetResult();
        var expected = BatchSize * _echoFrame.Length + BatchSize - 1;
        if (_get.Response.ContentLength != expected || _session.BufferedCount != 0 || _session.IsClosed)
            throw new InvalidOperationException($"GET wrote {_get.Response.ContentLength} bytes, expected {expected}");
    }

    [Benchmark]
    public EnginePacket DecodeTextFrame() => EnginePacket.FromTextFrame(_echoFrame);

    [Benchmark]
    public EnginePacket CreateTextPacket() => EnginePacket.FromText(EnginePacketType.Message, EchoPayload);

    /// <summary>A fresh packet each time: the base64 form is cached per packet after the first use.</summary>
    [Benchmark]
    public ReadOnlyMemory<byte> Base64TextFrame64K() => EnginePacket.FromBinary(_blob).TextFrame;

    [Benchmark]
    public EnginePacket DecodeBase64Frame64K() => EnginePacket.FromTextFrame(_base64Frame);

    /// <summary>16 packets queued on the session, then one GET answers them joined with 0x1E.</summary>
    [Benchmark]
    public Task PollingGet16()
    {
        for (var i = 0; i < BatchSize; i++)
            _session.Send(_echoPacket);
        return _polling.HandleAsync(_get);
    }

    /// <summary>One POST body of 16 packets split on 0x1E and handed to the session.</summary>
    [Benchmark]
    public Task PollingPost16()
    {
        _postBody.Position = 0;
        return _polling.HandleAsync(_post);
    }

    [Benchmark]
    public int WebSocketWriteHeaders()
    {
        Span<byte> header = stackalloc byte[WebSocketFrame.MaxHeaderSize];
        return WebSocketFrame.WriteHeader(header, WebSocketFrame.Text, 100)
            + WebSocketFrame.WriteHeader(header, WebSocketFrame.Text, 1024)
            + WebSocketFrame.WriteHeader(header, WebSocketFrame.Binary, 64 * 1024 + 1);
    }

    [Benchmark]
    public long WebSocketReadClientHeader()
    {
        WebSocketFrame.TryReadHeader(_clientHeader, out var header, out _);
        return header.PayloadLength;
    }

    [Benchmark]
    public void WebSocketUnmaskSmall() => WebSocketFrame.Unmask(_maskedSmall, 0x1234_5678);

    [Benchmark]
    public void WebSocketUnmask64K() => WebSocketFrame.Unmask(_masked64K, 0x1234_5678);
}
