using SocketIO.Transports.WebSocket.Tests.BadInput;
using SocketIO.Transports.WebSocket.Tests.Engine;
using SocketIO.Transports.WebSocket.Tests.Framing;
using SocketIO.Transports.WebSocket.Tests.Hardening;
using SocketIO.Transports.WebSocket.Tests.Hosting;
using SocketIO.Transports.WebSocket.Tests.Http;
using SocketIO.Transports.WebSocket.Tests.Interop;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Handoff;

// The transport suites again, on servers with the connection opt-in (UseSocketIOConnections): each
// test must pass with its WebSockets owning their connection, and after each one the tracker checks
// that no upgrade stayed (or is still running) on Kestrel's stream.

[Collection(HandoffServerCollection.Name)]
public sealed class HandoffFramingTests : FramingTests, IAsyncLifetime
{
    private readonly HandoffTestServer _server;

    public HandoffFramingTests(HandoffTestServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffServerCollection.Name)]
public sealed class HandoffServerWriteTests : ServerWriteTests, IAsyncLifetime
{
    private readonly HandoffTestServer _server;

    public HandoffServerWriteTests(HandoffTestServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffServerCollection.Name)]
public sealed class HandoffConcurrentWriteTests : ConcurrentWriteTests, IAsyncLifetime
{
    private readonly HandoffTestServer _server;

    public HandoffConcurrentWriteTests(HandoffTestServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffServerCollection.Name)]
public sealed class HandoffHttpOptionsTests : HttpOptionsTests, IAsyncLifetime
{
    private readonly HandoffTestServer _server;

    public HandoffHttpOptionsTests(HandoffTestServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffServerCollection.Name)]
public sealed class HandoffNodeClientTests : NodeClientTests, IAsyncLifetime
{
    private readonly HandoffTestServer _server;

    public HandoffNodeClientTests(HandoffTestServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffServerCollection.Name)]
public sealed class HandoffFramingErrorTests : FramingErrorTests, IAsyncLifetime
{
    private readonly HandoffTestServer _server;

    public HandoffFramingErrorTests(HandoffTestServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffServerCollection.Name)]
public sealed class HandoffVerificationTests : VerificationTests, IAsyncLifetime
{
    private readonly HandoffTestServer _server;

    public HandoffVerificationTests(HandoffTestServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffServerCollection.Name)]
public sealed class HandoffTransportErrorTests : TransportErrorTests, IAsyncLifetime
{
    private readonly HandoffTestServer _server;

    public HandoffTransportErrorTests(HandoffTestServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffServerCollection.Name)]
public sealed class HandoffPollingTests : PollingTests, IAsyncLifetime
{
    private readonly HandoffTestServer _server;

    public HandoffPollingTests(HandoffTestServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffServerCollection.Name)]
public sealed class HandoffTransportOptionsTests : TransportOptionsTests, IAsyncLifetime
{
    private readonly HandoffTestServer _server;

    public HandoffTransportOptionsTests(HandoffTestServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffServerCollection.Name)]
public sealed class HandoffWebSocketTests : WebSocketTests, IAsyncLifetime
{
    private readonly HandoffTestServer _server;

    public HandoffWebSocketTests(HandoffTestServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffServerCollection.Name)]
public sealed class HandoffUpgradeTests : UpgradeTests, IAsyncLifetime
{
    private readonly HandoffTestServer _server;

    public HandoffUpgradeTests(HandoffTestServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffHardeningCollection.Name)]
public sealed class HandoffLogAmplificationTests : LogAmplificationTests, IAsyncLifetime
{
    private readonly HandoffHardeningServer _server;

    public HandoffLogAmplificationTests(HandoffHardeningServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffHardeningCollection.Name)]
public sealed class HandoffPollingResponseTests : PollingResponseTests, IAsyncLifetime
{
    private readonly HandoffHardeningServer _server;

    public HandoffPollingResponseTests(HandoffHardeningServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffHardeningCollection.Name)]
public sealed class HandoffClaimedLengthTests : ClaimedLengthTests, IAsyncLifetime
{
    private readonly HandoffHardeningServer _server;

    public HandoffClaimedLengthTests(HandoffHardeningServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffHardeningCollection.Name)]
public sealed class HandoffHeartbeatTests : HeartbeatTests, IAsyncLifetime
{
    private readonly HandoffHardeningServer _server;

    public HandoffHeartbeatTests(HandoffHardeningServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffHardeningCollection.Name)]
public sealed class HandoffLoneSurrogateTests : LoneSurrogateTests, IAsyncLifetime
{
    private readonly HandoffHardeningServer _server;

    public HandoffLoneSurrogateTests(HandoffHardeningServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

[Collection(HandoffHardeningCollection.Name)]
public sealed class HandoffSendBufferTests : SendBufferTests, IAsyncLifetime
{
    private readonly HandoffHardeningServer _server;

    public HandoffSendBufferTests(HandoffHardeningServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

/// <summary>The engine hooks (initial_headers on the WebSocket's 101 among them) on an app with the opt-in.</summary>
public sealed class HandoffEngineHooksTests : EngineHooksTests
{
    protected override bool HandsOverConnections => true;
}

/// <summary>Connection state recovery through a network blip, on apps with the opt-in.</summary>
public sealed class HandoffRecoveryInteropTests : RecoveryInteropTests
{
    protected override bool HandsOverConnections => true;
}

public sealed class HandoffAuthenticationTests : AuthenticationSuite, IClassFixture<HandoffAuthServer>, IAsyncLifetime
{
    private readonly HandoffAuthServer _server;

    public HandoffAuthenticationTests(HandoffAuthServer server) : base(server) => _server = server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.Handoffs!.AssertEveryUpgradeWasHandedOverAsync();
}

/// <summary>The servers of the suites above do hand their WebSockets over: the tracker counts each one.</summary>
[Collection(HandoffServerCollection.Name)]
public sealed class HandoffTestServerTests(HandoffTestServer server)
{
    [Fact]
    public async Task WebSockets_of_the_engine_and_socket_io_endpoints_take_their_connection_over()
    {
        var before = server.Handoffs!.HandedOver;

        await using (var engine = await FrameSocket.OpenAsync(server.BaseUri, "/engine.io/?EIO=4&transport=websocket"))
        {
            await engine.SendTextAsync("4echo");
            Assert.Equal("4echo", await engine.ReceiveTextAsync());
        }
        await using (var io = await FrameSocket.OpenAsync(server.BaseUri, "/socket.io/?EIO=4&transport=websocket"))
        {
            await io.SendTextAsync("40");
            Assert.StartsWith("40{", await io.ReceiveTextAsync());
        }

        Assert.Equal(before + 2, server.Handoffs.HandedOver);
        await server.Handoffs.AssertEveryUpgradeWasHandedOverAsync();
    }
}

/// <summary>The same check for the hardening server with the opt-in.</summary>
[Collection(HandoffHardeningCollection.Name)]
public sealed class HandoffHardeningServerTests(HandoffHardeningServer server)
{
    [Fact]
    public async Task WebSockets_take_their_connection_over()
    {
        var before = server.Handoffs!.HandedOver;

        await using (var socket = await FrameSocket.OpenAsync(server.BaseUri, HardeningServer.EchoPath + "?EIO=4&transport=websocket"))
        {
            await socket.SendTextAsync("4echo");
            Assert.Equal("4echo", await socket.ReceiveTextAsync());
        }

        Assert.Equal(before + 1, server.Handoffs.HandedOver);
        await server.Handoffs.AssertEveryUpgradeWasHandedOverAsync();
    }
}
