using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Interop;

/// <summary>
/// One Manager multiplexes namespaces over one engine connection; forceNew opens another. Uses a
/// server of its own so that the engine client count is exact.
/// </summary>
public sealed class MultiplexingTests(TestServer server) : IClassFixture<TestServer>
{
    [Theory]
    [MemberData(nameof(NodeClientTests.Modes), MemberType = typeof(NodeClientTests))]
    public async Task Namespaces_of_one_manager_share_one_engine_connection(string mode)
    {
        await Wait.UntilAsync(() => server.Io.ClientsCount == 0, "earlier clients are gone");

        var result = await NodeClient.RunAsync(server.BaseUri, mode, "multiplex");

        var engineId = result.GetProperty("engineId").GetString();
        var seen = result.GetProperty("seen").EnumerateArray().ToArray();
        Assert.Equal(["/", "/orders", "/users"], seen.Select(s => s.GetProperty("nsp").GetString()));
        Assert.All(seen, s =>
        {
            Assert.Equal(engineId, s.GetProperty("connectionId").GetString());
            Assert.Equal(1, s.GetProperty("clients").GetInt32());
        });
        var forceNew = result.GetProperty("forceNew");
        Assert.NotEqual(engineId, forceNew.GetProperty("engineId").GetString());
        Assert.Equal(forceNew.GetProperty("engineId").GetString(), forceNew.GetProperty("server").GetProperty("connectionId").GetString());
        Assert.Equal(2, forceNew.GetProperty("server").GetProperty("clients").GetInt32());
        await Wait.UntilAsync(() => server.Io.ClientsCount == 0, "both connections closed");
    }
}
