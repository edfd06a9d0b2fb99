using SocketIO.Parsers.MessagePack.Tests.Support;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Tests.Interop;

/// <summary>
/// Hostile msgpack from a client, end to end over real Kestrel: only that connection closes, with a
/// logged reason, and another client of the same server carries on (docs/protocol.md#msgpack-parser).
/// </summary>
public sealed class BadInputTests(MsgpackServer server) : IClassFixture<MsgpackServer>
{
    // {"type":2,"nsp":"/","data":...} up to the data value.
    private const string EventPrefix = "83a47479706502a36e7370a12fa464617461";

    private static readonly Dictionary<string, (byte[] Bytes, string Reason)> Inputs = new()
    {
        // {"type":<c1, a never-used code>}
        ["invalid msgpack"] = (Hex("83a474797065c1"), "invalid msgpack"),
        ["map missing type"] = (Hex("82a36e7370a12fa46461746191a178"), "invalid packet type"),
        ["type 5"] = (Hex("83a47479706505a36e7370a12fa46461746191a178"), "invalid packet type"),
        ["type 6"] = (Hex("83a47479706506a36e7370a12fa46461746191a178"), "invalid packet type"),
        ["non-string nsp"] = (Hex("83a47479706502a36e737001a46461746191a178"), "invalid namespace"),
        ["non-array event data"] = (Hex(EventPrefix + "a178"), "invalid payload"),
        // "id": 1.5
        ["non-integer id"] = (Hex("84a47479706502a36e7370a12fa46461746191a178a26964cb3ff8000000000000"), "invalid packet id"),
        // ["m","hello"] cut inside "hello"
        ["truncated buffer"] = (Hex(EventPrefix + "92a16da568656c"), "truncated msgpack packet"),
        ["1 MiB nested-array bomb"] = (NestedArrayBomb(), "payload nested too deeply"),
    };

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var transport in new[] { "websocket", "polling" })
            foreach (var name in Inputs.Keys)
                cases.Add(transport, name);
        return cases;
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static byte[] NestedArrayBomb()
    {
        var bomb = new byte[1 << 20];
        Array.Fill(bomb, (byte)0x91);
        bomb[^1] = 0xc0;
        return [.. Hex(EventPrefix), .. bomb];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_packet_closes_only_that_connection_with_a_logged_reason(string transport, string input)
    {
        var (bytes, reason) = Inputs[input];
        await using var bystander = await RawMsgpackClient.ConnectAsync(server.BaseUri, "websocket");
        await using var client = await RawMsgpackClient.ConnectAsync(server.BaseUri, transport);

        await client.SendAsync(bytes);

        await client.ExpectClosedAsync();
        Assert.Contains(server.Logs.Lines, l => l.Contains(client.Sid, StringComparison.Ordinal) && l.Contains($"({reason})", StringComparison.Ordinal));
        await bystander.SendAsync(new SocketPacket(PacketType.Event, "/", PacketData.FromJson("""["message-with-ack","still here"]"""), 1));
        Assert.Equal("""["still here"]""", (await bystander.ReceiveAckAsync(1)).Data?.ToString());
    }
}
