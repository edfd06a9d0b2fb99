using SocketIO.Transports.Tcp.Tests.Support;

namespace SocketIO.Transports.Tcp.Tests.Interop;

/// <summary>TLS endpoints with a server certificate made by the test, client certificates as device identity.</summary>
[Collection(ServerCollection.Name)]
public sealed class TlsTests(TcpTestServer server)
{
    [Fact]
    public async Task Device_certificate_reaches_middleware_through_the_handshake()
    {
        var result = await NodeClient.RunAsync(server, "tls-device");

        Assert.Equal("CN=device-42", result.GetProperty("subject").GetString());
        Assert.Equal("webtransport", result.GetProperty("transport").GetString());
    }

    [Fact]
    public async Task Device_without_a_certificate_connects_securely_and_middleware_can_refuse_it()
    {
        var result = await NodeClient.RunAsync(server, "tls-no-certificate");

        Assert.True(result.GetProperty("secure").GetBoolean());
        Assert.Equal("tcp", result.GetProperty("transport").GetString());
        Assert.Equal("certificate required", result.GetProperty("certError").GetString());
    }

    [Fact]
    public async Task Certificate_from_another_authority_is_refused_in_the_tls_handshake()
    {
        var result = await NodeClient.RunAsync(server, "tls-rogue-certificate");

        Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetString()));
        await Wait.UntilAsync(() => server.Logs.Lines.Any(l => l.Contains("TLS handshake with 127.0.0.1 failed", StringComparison.Ordinal)), "the refusal is logged");
        await Health.AssertServerHealthyAsync(server);
    }
}
