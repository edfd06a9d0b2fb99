using System.Text;
using System.Text.Json;
using SocketIO.Adapters.Cluster;
using SocketIO.Adapters.RabbitMq.Tests.Support;
using SocketIO.Protocol;

namespace SocketIO.Adapters.RabbitMq.Tests;

/// <summary>
/// Whatever arrives on a node's keys, only valid messages of its namespace are acted on: the rest is dropped with a
/// logged reason, and the node goes on serving (a valid broadcast published after it still reaches the client).
/// </summary>
public sealed class RabbitMqBadInputTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    private const string Peer = "0badc0de0badc0de";
    private const int MaxMessageSize = 4096;

    public static TheoryData<string, string> Cases => new()
    {
        { "garbage", "not a valid msgpack message" },
        { "truncated", "not a valid msgpack message" },
        { "json", "a JSON body where msgpack is expected" },
        { "empty", "empty body" },
        { "not an envelope", "not an object" },
        { "unknown type", "unknown message type 42" },
        { "wrong namespace", "a message for namespace /other on the key of namespace /" },
        { "oversized", $"more than MaxMessageSize ({MaxMessageSize})" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_on_the_namespace_key_is_dropped_with_a_logged_reason(string kind, string reason) =>
        await DropsAsync(kind, reason, response: false);

    [Theory]
    [InlineData("garbage", "not a valid msgpack message")]
    [InlineData("oversized", "more than MaxMessageSize")]
    public async Task Bad_input_on_the_response_key_is_dropped_with_a_logged_reason(string kind, string reason) =>
        await DropsAsync(kind, reason, response: true);

    private async Task DropsAsync(string kind, string reason, bool response)
    {
        var exchange = BrokerFixture.NewName("x");
        var logs = new LogCapture();
        var factory = broker.Factory(broker.Options(exchange, o => o.MaxMessageSize = MaxMessageSize), logs);
        await using var probe = await AmqpProbe.StartAsync(broker, exchange);
        await using var server = await Servers.StartAsync(factory, logs);
        var client = await TestClient.OpenAsync(server);
        await client.ConnectAsync();

        await probe.PublishAsync(response ? $"socket.io#/#{factory.Uid}#" : "socket.io#/#", Body(kind));
        await probe.PublishAsync("socket.io#/#", Broadcast("/", "after", "still serving"));

        Assert.Equal("42[\"after\",\"still serving\"]", await client.NextAsync());
        var dropped = Assert.Single(logs.WithId(340));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, dropped.Level);
        Assert.Contains(reason, dropped.Message);
    }

    private static byte[] Body(string kind) => kind switch
    {
        "garbage" => [0xC1, 0x00, 0xFF, 0x13],
        "truncated" => Broadcast("/", "cut", "in half")[..20],
        "json" => Encoding.UTF8.GetBytes("{\"uid\":\"0badc0de0badc0de\",\"nsp\":\"/\",\"type\":3}"),
        "empty" => [],
        "not an envelope" => [0x93, 0x01, 0x02, 0x03],
        "unknown type" => ClusterMessageCodec.EncodeMsgpack(new ClusterMessage { Type = (ClusterMessageType)42, Uid = Peer, Namespace = "/" }),
        "wrong namespace" => Broadcast("/other", "elsewhere", "x"),
        "oversized" => Broadcast("/", "big", new string('x', MaxMessageSize)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static byte[] Broadcast(string nsp, string eventName, string arg) =>
        ClusterMessageCodec.EncodeMsgpack(new ClusterMessage
        {
            Type = ClusterMessageType.Broadcast,
            Uid = Peer,
            Namespace = nsp,
            Data = new PacketData(JsonSerializer.SerializeToUtf8Bytes(new[] { eventName, arg })),
            Options = BroadcastOptions.All,
        });
}
