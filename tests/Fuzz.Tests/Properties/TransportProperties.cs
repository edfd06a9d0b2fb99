using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using SocketIO.Engine;
using SocketIO.Fuzz.Support;
using SocketIO.Transports.WebSocket.Internal;

namespace SocketIO.Fuzz.Tests.Properties;

/// <summary>
/// The HTTP transports' encoder-decoder pairs, through the real transports: a polling GET body (packets joined
/// with 0x1E, binary as 'b' + base64) POSTed to another session, and WebSocket frames as the server writes them,
/// masked as a client would, fragmented and cut into segments, read by the receive loop.
/// </summary>
public class TransportProperties
{
    private static readonly EngineServer Engine = new(new EngineOptions(), FrozenTime.Instance);
    private static readonly HandshakeRequest Handshake = new() { Address = "127.0.0.1", Url = "/engine.io/?EIO=4" };

    /// <summary>A message packet: text (well-formed, the frame is UTF-8) or binary.</summary>
    private static Gen<EnginePacket> Message => Gen.Frequency(
        (3, Generators.Text(loneSurrogates: false).Select(t => EnginePacket.FromText(EnginePacketType.Message, t))),
        (1, Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Select(b => EnginePacket.FromBinary(b))));

    /// <summary>
    /// EIO4 polling joins packets with 0x1E, so a text message holding 0x1E cannot travel over polling, in
    /// engine.io-parser either (Socket.IO packets never hold one: JSON.stringify escapes it).
    /// </summary>
    [Fact]
    public void Polling_a_GET_body_POSTed_to_another_session_delivers_the_same_messages() =>
        Property.Check(Message.Where(p => p.IsBinary || !p.Frame.Span.Contains((byte)0x1E)).ListOf().Select(l => l.Take(20).ToArray()).Where(l => l.Length > 0), packets =>
        {
            var sender = new PollingTransport(NullLogger.Instance, Engine.Options.MaxHttpBufferSize);
            var senderChannel = Engine.Open(sender, Handshake);
            sender.Attach(senderChannel);
            var receiver = new PollingTransport(NullLogger.Instance, Engine.Options.MaxHttpBufferSize);
            var receiverChannel = Engine.Open(receiver, Handshake);
            receiver.Attach(receiverChannel);
            var received = new List<EnginePacket>();
            receiverChannel.Session.MessageReceived += (_, p) => received.Add(p);
            try
            {
                Get(sender); // the open packet
                foreach (var packet in packets)
                    Assert.True(senderChannel.Session.Send(packet));
                var body = Get(sender);
                var post = new DefaultHttpContext();
                post.Request.Method = "POST";
                post.Request.ContentType = "text/plain;charset=UTF-8";
                post.Request.Body = new MemoryStream(body);
                post.Request.ContentLength = body.Length;
                Assert.True(receiver.HandleAsync(post).Wait(Repo.Timeout));
                Assert.Equal(StatusCodes.Status200OK, post.Response.StatusCode);
                AssertSame(packets, received);
            }
            finally
            {
                senderChannel.Session.Close(CloseReason.ForcedClose, flush: false);
                receiverChannel.Session.Close(CloseReason.ForcedClose, flush: false);
            }
        }, maxTest: 150);

    [Fact]
    public void WebSocket_frames_masked_fragmented_and_cut_anywhere_deliver_the_same_messages() =>
        Property.Check(
            from messages in Message.ListOf().Select(l => l.Take(12).ToArray())
            from parts in Gen.Choose(1, 3).ArrayOf(messages.Length)
            from pings in Gen.Elements(false, false, true).ArrayOf(messages.Length)
            from mask in Gen.Choose(int.MinValue, int.MaxValue)
            from chunk in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 40)))
            select (messages, parts, pings, (uint)mask, chunk),
            c =>
            {
                var (messages, parts, pings, mask, chunk) = c;
                var wire = new List<byte>();
                for (var i = 0; i < messages.Length; i++)
                {
                    var data = messages[i].IsBinary ? messages[i].Frame.ToArray() : messages[i].Frame.ToArray();
                    var opcode = messages[i].IsBinary ? WebSocketFrame.Binary : WebSocketFrame.Text;
                    var size = (data.Length + parts[i] - 1) / parts[i];
                    var offset = 0;
                    for (var part = 0; part < parts[i]; part++)
                    {
                        var length = part == parts[i] - 1 ? data.Length - offset : Math.Min(size, data.Length - offset);
                        var last = part == parts[i] - 1;
                        wire.AddRange(ClientFrame(part == 0 ? opcode : WebSocketFrame.Continuation, last, data.AsSpan(offset, length), mask));
                        offset += length;
                        // RFC 6455 5.4: control frames may come between the fragments of a message.
                        if (pings[i] && !last)
                            wire.AddRange(ClientFrame(WebSocketFrame.Ping, fin: true, "ping"u8, mask));
                    }
                }
                var connection = new WebSocketAccept.Connection(Stream.Null, System.IO.Pipelines.PipeReader.Create(new ChunkedStream([.. wire], chunk)));
                var transport = new WebSocketTransport(connection, supportsBinary: true, Engine.Options.MaxHttpBufferSize, TimeSpan.FromSeconds(1), NullLogger.Instance);
                var channel = Engine.Open(transport, Handshake);
                var received = new List<EnginePacket>();
                channel.Session.MessageReceived += (_, p) => received.Add(p);
                try
                {
                    Assert.True(transport.RunAsync(channel, probing: false).Wait(Repo.Timeout));
                    AssertSame(messages, received);
                }
                finally
                {
                    channel.Session.Close(CloseReason.ForcedClose, flush: false);
                }
            }, maxTest: 150);

    [Fact]
    public void A_masked_header_reads_back_what_the_server_header_writer_wrote() =>
        Property.Check(
            from opcode in Gen.Elements(WebSocketFrame.Text, WebSocketFrame.Binary, WebSocketFrame.Continuation)
            from length in Gen.Frequency((3, Gen.Choose(0, 125)), (2, Gen.Choose(126, 65535)), (1, Gen.Choose(65536, int.MaxValue)))
            from mask in Gen.Choose(int.MinValue, int.MaxValue)
            select (opcode, length, (uint)mask),
            c =>
            {
                Span<byte> header = stackalloc byte[WebSocketFrame.MaxHeaderSize + 4];
                var size = WebSocketFrame.WriteHeader(header, c.opcode, c.length);
                header[1] |= 0x80;
                MemoryMarshal.Write(header[size..], in c.Item3);
                Assert.Equal(WebSocketFrame.ReadStatus.Complete, WebSocketFrame.TryReadHeader(header[..(size + 4)], out var read, out _));
                Assert.Equal((c.opcode, (long)c.length, c.Item3, size + 4, true), (read.Opcode, read.PayloadLength, read.Mask, read.Size, read.Fin));
            });

    [Fact]
    public void Unmask_is_the_bytewise_xor_with_the_mask_at_any_length() =>
        Property.Check(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Zip(Gen.Choose(int.MinValue, int.MaxValue)), c =>
        {
            var (data, mask) = (c.Item1, (uint)c.Item2);
            var masked = (byte[])data.Clone();
            WebSocketFrame.Unmask(masked, mask);
            Span<byte> key = stackalloc byte[4];
            MemoryMarshal.Write(key, in mask);
            for (var i = 0; i < data.Length; i++)
                Assert.Equal((byte)(data[i] ^ key[i & 3]), masked[i]);
            WebSocketFrame.Unmask(masked, mask);
            Assert.Equal(data, masked);
        });

    private static byte[] Get(PollingTransport transport)
    {
        var get = new DefaultHttpContext();
        get.Request.Method = "GET";
        var body = new MemoryStream();
        get.Response.Body = body;
        Assert.True(transport.HandleAsync(get).Wait(Repo.Timeout));
        Assert.Equal(StatusCodes.Status200OK, get.Response.StatusCode);
        return body.ToArray();
    }

    /// <summary>A client frame: the server's header with the mask bit and key added, the payload masked.</summary>
    private static byte[] ClientFrame(byte opcode, bool fin, ReadOnlySpan<byte> payload, uint mask)
    {
        Span<byte> header = stackalloc byte[WebSocketFrame.MaxHeaderSize];
        var size = WebSocketFrame.WriteHeader(header, opcode, payload.Length);
        if (!fin)
            header[0] &= 0x7F;
        header[1] |= 0x80;
        var frame = new byte[size + 4 + payload.Length];
        header[..size].CopyTo(frame);
        MemoryMarshal.Write(frame.AsSpan(size), in mask);
        payload.CopyTo(frame.AsSpan(size + 4));
        WebSocketFrame.Unmask(frame.AsSpan(size + 4), mask);
        return frame;
    }

    private static void AssertSame(IReadOnlyList<EnginePacket> expected, IReadOnlyList<EnginePacket> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].IsBinary, actual[i].IsBinary);
            Assert.Equal(expected[i].Frame.ToArray(), actual[i].Frame.ToArray());
        }
    }
}
