using SocketIO.TestSupport;
using Microsoft.Extensions.Options;
using SocketIO.Engine;
using SocketIO.Parsers.MessagePack.Tests.Support;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Tests.Server;

/// <summary>
/// A handler written once runs unchanged under either parser: the same client packet, sent in each
/// parser's wire form, reaches it with the same typed arguments, binary and dates included.
/// </summary>
public sealed class HandlerParityTests
{
    private sealed record Upload(string Name, byte[] Content, int[] Sizes, DateTimeOffset At);

    private static void Register(SocketIOServer io, TaskCompletionSource<string> seen) => io.OnConnection(socket =>
    {
        socket.On("upload", (Upload upload, ReadOnlyMemory<byte> raw, Ack ack) =>
        {
            seen.TrySetResult($"{upload.Name} {Convert.ToHexString(upload.Content)} {string.Join(",", upload.Sizes)} {upload.At:O} {raw.Length}");
            ack(upload with { Name = upload.Name.ToUpperInvariant() }, raw[..3].ToArray());
        });
    });

    [Fact]
    public async Task Same_handler_sees_the_same_arguments_and_acks_the_same_under_both_parsers()
    {
        var (jsonSeen, jsonAck) = await RunAsync(new JsonPacketParser(), Fixtures.DefaultFrames);
        var (msgpackSeen, msgpackAck) = await RunAsync(new MessagePackPacketParser(), name => [Fixtures.Message(name)]);

        Assert.Equal("a.txt 0928476685 1,2 2024-01-02T03:04:05.6780000+00:00 70000", jsonSeen);
        Assert.Equal(jsonSeen, msgpackSeen);
        Assert.Equal(PacketType.Ack, msgpackAck.Type);
        Assert.Equal(0, msgpackAck.Id);
        PacketAssert.Same(jsonAck, msgpackAck);
        Assert.Equal(2, msgpackAck.Data!.Attachments.Count);
    }

    private static async Task<(string Seen, SocketPacket Ack)> RunAsync(IPacketParser parser, Func<string, EnginePacket[]> wireForm)
    {
        var io = new SocketIOServer(Options.Create(new SocketIOOptions()), parser);
        try
        {
            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            Register(io, seen);
            var client = (await TestClient.OpenAsync(io)).Transport;
            var decoder = parser.CreateDecoder();

            client.Send(wireForm("connect_without_auth"));
            var connected = await NextPacketAsync(client, decoder);
            Assert.Equal(PacketType.Connect, connected.Type);
            Assert.True(connected.Data!.Root.TryGetProperty("sid", out _));

            client.Send(wireForm("event_upload_with_ack"));
            var ack = await NextPacketAsync(client, decoder);
            return (await seen.Task.WaitAsync(TestTransport.Wait), ack);
        }
        finally
        {
            await io.DisposeAsync().AsTask().WaitAsync(TestTransport.Wait);
        }
    }

    private static async Task<SocketPacket> NextPacketAsync(TestTransport client, IPacketDecoder decoder)
    {
        while (true)
        {
            var message = await client.NextAsync();
            if (message.Type == EnginePacketType.Message && decoder.Decode(message) is { } packet)
                return packet;
        }
    }
}
