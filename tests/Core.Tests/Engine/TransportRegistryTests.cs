using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Engine;

/// <summary>Transports register themselves on the engine; EngineOptions.Transports only restricts them.</summary>
public class TransportRegistryTests
{
    [Fact]
    public void Listed_transport_that_no_one_registered_fails_validation_naming_it()
    {
        var engine = new EngineServer(new EngineOptions { Transports = ["polling", "tcp"] });
        engine.RegisterTransport("polling");
        engine.RegisterTransport("websocket");

        var error = Assert.Throws<InvalidOperationException>(engine.ValidateTransports);

        Assert.Contains("'tcp'", error.Message);
        Assert.DoesNotContain("'polling'", error.Message);
        Assert.Contains("registered: polling, websocket", error.Message);
    }

    [Fact]
    public void Empty_transport_list_enables_every_registered_transport()
    {
        var engine = new EngineServer(new EngineOptions());
        engine.RegisterTransport("tcp");

        engine.ValidateTransports();

        Assert.True(engine.IsTransportEnabled("tcp"));
        Assert.True(engine.IsTransportEnabled("websocket"));
        Assert.Equal(["tcp"], engine.RegisteredTransports);
    }

    [Fact]
    public void Listed_transports_restrict_the_registered_ones()
    {
        var engine = new EngineServer(new EngineOptions { Transports = ["tcp"] });
        engine.RegisterTransport("tcp");
        engine.RegisterTransport("polling");

        engine.ValidateTransports();

        Assert.True(engine.IsTransportEnabled("tcp"));
        Assert.False(engine.IsTransportEnabled("polling"));
    }

    [Theory]
    [InlineData("polling", true, null, "websocket")]
    [InlineData("polling", false, null, "")]
    [InlineData("polling", true, "polling", "")]
    [InlineData("websocket", true, null, "")]
    [InlineData("tcp", true, null, "")]
    public void Only_polling_upgrades_and_only_to_an_enabled_websocket(string from, bool allowUpgrades, string? only, string expected)
    {
        var options = new EngineOptions { AllowUpgrades = allowUpgrades };
        if (only is not null)
            options.Transports = [only];
        var engine = new EngineServer(options);

        Assert.Equal(expected, string.Join(",", engine.UpgradesFrom(from)));
    }

    [Fact]
    public async Task Tcp_session_is_opened_with_no_upgrades_and_cannot_be_upgraded()
    {
        var engine = new EngineServer(new EngineOptions());
        var tcp = new TestTransport("tcp");
        var channel = engine.Open(tcp, new HandshakeRequest());
        tcp.Attach(channel);

        Assert.Contains("\"upgrades\":[]", await tcp.NextTextAsync());
        Assert.Null(engine.TryBeginUpgrade(channel.Session, new TestTransport("websocket", reads: false)));
    }

    [Fact]
    public async Task Server_start_fails_when_a_listed_transport_is_not_attached()
    {
        var io = ServerFactory.Create(o => o.Transports = ["tcp"]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => io.StartAsync().WaitAsync(TestTransport.Wait));

        Assert.Contains("'tcp'", error.Message);
        io.Engine.RegisterTransport("tcp");
        await io.StartAsync().WaitAsync(TestTransport.Wait);
    }
}
