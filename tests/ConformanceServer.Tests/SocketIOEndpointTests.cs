using System.Text.Json;
using SocketIO.ConformanceServer.Tests.Support;

namespace SocketIO.ConformanceServer.Tests;

/// <summary>
/// /socket.io/ of the conformance host as docs/architecture.md#test-hosts fixes it, driven by the official Node
/// socket.io-client over polling only, WebSocket only, and polling upgraded to WebSocket. Runs once per parser.
/// </summary>
public abstract class SocketIOEndpointTests(ConformanceFixture server)
{
    public static TheoryData<string> Modes => new() { "polling", "websocket", "default" };

    private static string Binary(params byte[] bytes) => $$"""{"$binary":"{{Convert.ToBase64String(bytes)}}"}""";

    private static string Canonical(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    /// <summary>Checks how the engine messages the client received were framed: text, or binary.</summary>
    protected abstract void AssertFraming(int text, int binary);

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Namespaces_auth_echo_and_ack_behave_as_the_suites_expect(string mode)
    {
        var r = await ConformanceScript.RunAsync(server.Host.Url, mode, server.Parser);

        Assert.Equal(mode == "polling" ? "polling" : "websocket", r.GetProperty("transport").GetString());
        // "/" emits auth with the handshake's auth object, {} when none was sent; "/custom" does the same.
        Assert.Equal("{}", r.GetProperty("auth").GetRawText());
        Assert.Equal(Canonical("""{"token":"abc","n":1}"""), Canonical(r.GetProperty("authGiven").GetRawText()));
        Assert.Equal("""{"who":"custom"}""", r.GetProperty("customAuth").GetRawText());
        Assert.Equal("{}", r.GetProperty("customNoAuth").GetRawText());
        // message → message-back and message-with-ack → ack, with the same arguments, binary included.
        Assert.Equal(Canonical($$"""[1,"two",{"three":[3]},{{Binary(1, 2, 3)}},{"nested":{{Binary(4, 5)}}}]"""), Canonical(r.GetProperty("messageBack").GetRawText()));
        Assert.Equal(Canonical($$"""["hello",{{Binary(9, 8, 7)}},{"n":1}]"""), Canonical(r.GetProperty("ack").GetRawText()));
        Assert.Equal("Invalid namespace", r.GetProperty("invalidNamespace").GetString());
        var framing = r.GetProperty("framing");
        AssertFraming(framing.GetProperty("text").GetInt32(), framing.GetProperty("binary").GetInt32());
    }
}

/// <summary>The default parser: text packets, binary in attachments.</summary>
public sealed class JsonSocketIOEndpointTests(JsonConformanceServer server) : SocketIOEndpointTests(server), IClassFixture<JsonConformanceServer>
{
    protected override void AssertFraming(int text, int binary)
    {
        // auth, message-back and the ack are text packets; the two Buffers of message-back and the ack's one are attachments.
        Assert.True(text >= 3, $"{text} text messages");
        Assert.True(binary >= 3, $"{binary} binary messages");
    }
}

/// <summary>PARSER=msgpack: every packet is one binary message, read by socket.io-msgpack-parser.</summary>
public sealed class MessagePackSocketIOEndpointTests(MessagePackConformanceServer server) : SocketIOEndpointTests(server), IClassFixture<MessagePackConformanceServer>
{
    protected override void AssertFraming(int text, int binary)
    {
        Assert.Equal(0, text);
        Assert.True(binary >= 3, $"{binary} binary messages");
    }
}

/// <summary>
/// The default parser with SOCKETIO_CONNECTION_HANDOFF=1: the same behaviour, with each WebSocket owning its
/// connection, which the server's debug log confirms.
/// </summary>
public sealed class HandoffSocketIOEndpointTests : SocketIOEndpointTests, IClassFixture<HandoffConformanceServer>
{
    private readonly HandoffConformanceServer _server;

    public HandoffSocketIOEndpointTests(HandoffConformanceServer server) : base(server) => _server = server;

    protected override void AssertFraming(int text, int binary)
    {
        Assert.True(text >= 3, $"{text} text messages");
        Assert.True(binary >= 3, $"{binary} binary messages");
    }

    [Fact]
    public async Task WebSockets_take_their_connection_over()
    {
        await ConformanceScript.RunAsync(_server.Host.Url, "websocket", _server.Parser);

        // The console logger writes from a queue of its own: the line may come a little after the client is done.
        await Poll.UntilAsync(() => _server.Host.Output.Contains("the WebSocket takes its connection over from the HTTP server"), Repo.Timeout, "the server logged the handover");
        Assert.DoesNotContain("stays on the HTTP server's upgraded stream", _server.Host.Output);
    }
}
