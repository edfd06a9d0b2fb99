using System.Text.Json;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Interop;

/// <summary>
/// The official Node socket.io-client 4.8 against the server, for polling only, WebSocket only, and
/// the default (polling, then upgrade to WebSocket).
/// </summary>
[Collection(ServerCollection.Name)]
public class NodeClientTests(TestServer server)
{
    public static TheoryData<string> Modes => new() { "polling", "websocket", "default" };

    private static string ExpectedTransport(string mode) => mode == "polling" ? "polling" : "websocket";

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static string Binary(params byte[] bytes) => $"{{\"$binary\":\"{Convert.ToBase64String(bytes)}\"}}";

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Client_connects_receives_auth_and_disconnects(string mode)
    {
        var result = await NodeClient.RunAsync(server.BaseUri, mode, "connect");

        Assert.Equal(ExpectedTransport(mode), result.GetProperty("transport").GetString());
        Assert.Equal(ExpectedTransport(mode), result.GetProperty("server").GetProperty("transport").GetString());
        Assert.Equal("""{"token":"abc"}""", result.GetProperty("auth").GetRawText());
        Assert.Equal("io client disconnect", result.GetProperty("disconnectReason").GetString());
        var id = result.GetProperty("id").GetString()!;
        await Wait.UntilAsync(() => server.Disconnects.ContainsKey(id), "the server saw the disconnect");
        Assert.Equal("client namespace disconnect", server.Disconnects[id]);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Events_flow_both_ways_with_binary(string mode)
    {
        var result = await NodeClient.RunAsync(server.BaseUri, mode, "events");

        Assert.Equal(ExpectedTransport(mode), result.GetProperty("transport").GetString());
        var expected = $$"""[1,"two",{"three":[3]},{{Binary(1, 2, 3)}},{"nested":{{Binary(4, 5)}}}]""";
        Assert.Equal(Json(expected).GetRawText(), Json(result.GetProperty("args").GetRawText()).GetRawText());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Acks_flow_both_ways_with_binary(string mode)
    {
        var result = await NodeClient.RunAsync(server.BaseUri, mode, "acks");

        Assert.Equal(ExpectedTransport(mode), result.GetProperty("transport").GetString());
        Assert.Equal($"""["hello",{Binary(9, 8, 7)}]""", result.GetProperty("acked").GetRawText());
        Assert.Equal($"""["reply",42,{Binary(1, 1)}]""", result.GetProperty("answer").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Middleware_error_arrives_as_connect_error_with_data(string mode)
    {
        var result = await NodeClient.RunAsync(server.BaseUri, mode, "middleware-error");

        Assert.Equal("not authorized", result.GetProperty("message").GetString());
        Assert.Equal("""{"code":401,"reason":"missing token"}""", result.GetProperty("data").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Unknown_namespace_is_refused_with_invalid_namespace(string mode)
    {
        var result = await NodeClient.RunAsync(server.BaseUri, mode, "invalid-namespace");

        Assert.Equal("Invalid namespace", result.GetProperty("message").GetString());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Regex_and_predicate_namespaces_accept_and_refuse(string mode)
    {
        var result = await NodeClient.RunAsync(server.BaseUri, mode, "dynamic");

        Assert.Equal("/dyn-42", result.GetProperty("regex").GetString());
        Assert.Equal("/pred-x", result.GetProperty("predicate").GetString());
        Assert.Equal("Invalid namespace", result.GetProperty("refused").GetString());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Middleware_exception_reaches_the_client_as_a_generic_error_and_the_log_as_an_error(string mode)
    {
        var result = await NodeClient.RunAsync(server.BaseUri, mode, "connect-error", new Dictionary<string, string> { ["NSP"] = "/leaky" });

        Assert.Equal("Internal server error", result.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("data").ValueKind);
        Assert.DoesNotContain("hunter2", result.GetRawText());
        await Wait.UntilAsync(
            () => server.Logs.Lines.Any(l => l.StartsWith("Error: Namespace /leaky: connection middleware threw for socket", StringComparison.Ordinal)),
            "the middleware failure was logged at Error");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Bad_typed_arguments_get_an_error_ack_and_fluent_returns_no_ack(string mode)
    {
        var result = await NodeClient.RunAsync(server.BaseUri, mode, "bad-arguments");

        Assert.Equal("""{"error":"Event \"sum\" was not handled: argument 1 (\"a\") expects int but got a string"}""", result.GetProperty("wrongType").GetRawText());
        Assert.Equal("""{"error":"Event \"sum\" was not handled: argument 2 (\"b\") is missing; expected int"}""", result.GetProperty("missing").GetRawText());
        Assert.Equal(5, result.GetProperty("good").GetInt32());
        Assert.Equal("no ack", result.GetProperty("left").GetString());
        Assert.Contains(server.Logs.Lines, l => l.StartsWith("Warning: Namespace /: event sum from socket", StringComparison.Ordinal));
    }
}
