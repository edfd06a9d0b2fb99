using System.Text.Json;
using SocketIO.Parsers.MessagePack.Tests.Support;

namespace SocketIO.Parsers.MessagePack.Tests.Interop;

/// <summary>
/// The official Node socket.io-client 4.8 with socket.io-msgpack-parser against the server with
/// <c>AddMessagePackParser()</c>, over polling only, WebSocket only, and polling upgraded to WebSocket.
/// </summary>
public sealed class NodeClientTests(MsgpackServer server) : IClassFixture<MsgpackServer>
{
    public static TheoryData<string> Modes => new() { "polling", "websocket", "default" };

    private static string ExpectedTransport(string mode) => mode == "polling" ? "polling" : "websocket";

    private static string Binary(params byte[] bytes) => $"{{\"$binary\":\"{Convert.ToBase64String(bytes)}\"}}";

    private static string Canonical(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    private async Task<JsonElement> RunAsync(string mode, string scenario)
    {
        var output = await Node.RunAsync("js/client.js", "", server.BaseUri.ToString().TrimEnd('/'), mode, scenario);
        var last = output.Split('\n').LastOrDefault(l => l.StartsWith('{')) ?? throw new InvalidOperationException("no result from node: " + output);
        return JsonDocument.Parse(last).RootElement.Clone();
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Client_connects_with_auth(string mode)
    {
        var result = await RunAsync(mode, "connect");

        Assert.Equal(ExpectedTransport(mode), result.GetProperty("transport").GetString());
        Assert.Equal(ExpectedTransport(mode), result.GetProperty("server").GetProperty("transport").GetString());
        Assert.Equal("""{"token":"abc","n":1}""", result.GetProperty("auth").GetRawText());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("id").GetString()));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Connect_without_auth_gives_an_empty_auth_object(string mode)
    {
        var result = await RunAsync(mode, "connect-without-auth");

        Assert.Equal("{}", result.GetProperty("auth").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Events_flow_both_ways_with_binary_dates_and_typed_arrays(string mode)
    {
        var result = await RunAsync(mode, "events");

        Assert.Equal(ExpectedTransport(mode), result.GetProperty("transport").GetString());
        var expected = $$"""[1,"two",{"three":[3]},{{Binary(1, 2, 3)}},{"nested":{{Binary(4, 5)}}},{{Binary(6, 7)}},"2024-01-02T03:04:05.678Z",1.5,null]""";
        Assert.Equal(Canonical(expected), Canonical(result.GetProperty("args").GetRawText()));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Acks_flow_both_ways_with_binary(string mode)
    {
        var result = await RunAsync(mode, "acks");

        Assert.Equal(ExpectedTransport(mode), result.GetProperty("transport").GetString());
        Assert.Equal(Canonical($"""["hello",{Binary(9, 8, 7)}]"""), Canonical(result.GetProperty("acked").GetRawText()));
        Assert.Equal(Canonical($$"""{"name":"A.TXT","size":3,"year":2024,"head":{{Binary(5, 6)}}}"""), Canonical(result.GetProperty("upload").GetRawText()));
        Assert.Equal(Canonical($"""["reply",42,{Binary(1, 1)}]"""), Canonical(result.GetProperty("answer").GetRawText()));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Middleware_error_arrives_as_connect_error_with_data(string mode)
    {
        var result = await RunAsync(mode, "middleware-error");

        Assert.Equal("not authorized", result.GetProperty("message").GetString());
        Assert.Equal("""{"code":401,"reason":"missing token"}""", result.GetProperty("data").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Unknown_namespace_is_refused_with_invalid_namespace(string mode)
    {
        var result = await RunAsync(mode, "invalid-namespace");

        Assert.Equal("Invalid namespace", result.GetProperty("message").GetString());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Namespaces_share_one_engine_connection(string mode)
    {
        var result = await RunAsync(mode, "multiplex");

        var engineId = result.GetProperty("engineId").GetString();
        var seen = result.GetProperty("seen").EnumerateArray().ToArray();
        Assert.Equal(["/", "/orders", "/users"], seen.Select(s => s.GetProperty("nsp").GetString()));
        Assert.All(seen, s => Assert.Equal(engineId, s.GetProperty("connectionId").GetString()));
        Assert.All(seen, s => Assert.Equal(ExpectedTransport(mode), s.GetProperty("transport").GetString()));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Broadcast_reaches_the_room_only(string mode)
    {
        var result = await RunAsync(mode, "broadcast");

        var expected = Canonical($$"""[{"text":"hi","blob":{{Binary(1, 2)}}}]""");
        Assert.Equal(expected, Canonical(result.GetProperty("a").GetRawText()));
        Assert.Equal(expected, Canonical(result.GetProperty("b").GetRawText()));
        Assert.Equal("[]", result.GetProperty("outsider").GetRawText());
    }
}
