using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Hardening;

/// <summary>
/// Strings with lone surrogates, which JavaScript allows and JSON.stringify writes as escapes (\ud800):
/// what the server re-emits is what the client sent, on the wire and as the official client reads it.
/// </summary>
[Collection(HardeningCollection.Name)]
public class LoneSurrogateTests(HardeningServer server)
{
    private const string SocketIOPath = "/socket.io/?EIO=4&transport=websocket";

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task Official_client_gets_back_exactly_the_string_it_sent(string mode)
    {
        var result = await NodeClient.RunAsync(server.BaseUri, mode, "lone-surrogates");

        Assert.False(result.TryGetProperty("error", out var error), error.ToString());
        foreach (var check in new[] { "echoed", "echoedObject", "acked", "typed", "record", "connected" })
            Assert.True(result.GetProperty(check).GetBoolean(), $"{check}: {result}");
    }

    [Fact]
    public async Task The_same_escape_sequences_go_back_on_the_wire()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, SocketIOPath);
        await socket.SendTextAsync("40");
        Assert.StartsWith("40{", await socket.ReceiveTextAsync());
        var logged = server.Logs.Lines.Count;

        await socket.SendTextAsync("42[\"message\",\"a\\ud800b\",{\"\\uDC00\":[\"\\udfff\"]}]");
        Assert.Equal("42[\"message-back\",\"a\\ud800b\",{\"\\uDC00\":[\"\\udfff\"]}]", await socket.ReceiveTextAsync());

        await socket.SendTextAsync("421[\"typed-string\",\"\\udc00x\\ud800\"]");
        Assert.Equal("431[\"\\udc00x\\ud800\"]", await socket.ReceiveTextAsync());

        await socket.SendTextAsync("422[\"typed-record\",{\"text\":\"\\ud800\",\"count\":1}]");
        Assert.Equal("432[{\"text\":\"\\ud800\",\"count\":1}]", await socket.ReceiveTextAsync());
        Assert.DoesNotContain(server.Logs.Lines.Skip(logged), l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Warning", StringComparison.Ordinal));
    }
}
