using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Engine;

public class EngineSessionTests
{
    private static (EngineServer Engine, FakeTimeProvider Time) CreateEngine(Action<EngineOptions>? configure = null)
    {
        var options = new EngineOptions();
        configure?.Invoke(options);
        var time = new FakeTimeProvider();
        return (new EngineServer(options, time), time);
    }

    private static (EngineSession Session, TestTransport Transport) Open(EngineServer engine, string transportName = "websocket", bool reads = true)
    {
        var transport = new TestTransport(transportName, reads);
        var channel = engine.Open(transport, new HandshakeRequest());
        transport.Attach(channel);
        var session = channel.Session;
        return (session, transport);
    }

    [Fact]
    public async Task Open_packet_has_exactly_the_handshake_keys()
    {
        var (engine, _) = CreateEngine();
        var (session, transport) = Open(engine, "polling");

        var open = await transport.NextTextAsync();

        Assert.StartsWith("0", open);
        using var doc = JsonDocument.Parse(open[1..]);
        var keys = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"], keys);
        Assert.Equal(session.Id, doc.RootElement.GetProperty("sid").GetString());
        Assert.Equal("[\"websocket\"]", doc.RootElement.GetProperty("upgrades").GetRawText());
        Assert.Equal(25000, doc.RootElement.GetProperty("pingInterval").GetInt32());
        Assert.Equal(20000, doc.RootElement.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1000000, doc.RootElement.GetProperty("maxPayload").GetInt32());
    }

    [Fact]
    public async Task Websocket_session_offers_no_upgrades()
    {
        var (engine, _) = CreateEngine();
        var (_, transport) = Open(engine);
        Assert.Contains("\"upgrades\":[]", await transport.NextTextAsync());
    }

    [Fact]
    public void Session_ids_are_20_url_safe_characters_and_unique()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => SessionId.New()).ToList();
        Assert.All(ids, id =>
        {
            Assert.Equal(20, id.Length);
            Assert.Matches("^[A-Za-z0-9_-]{20}$", id);
        });
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Server_pings_after_ping_interval()
    {
        var (engine, time) = CreateEngine();
        var (_, transport) = Open(engine);
        await transport.NextTextAsync(); // open

        time.Advance(TimeSpan.FromMilliseconds(24999));
        Assert.True(transport.TryPeekNothing(out _));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal("2", await transport.NextTextAsync());
    }

    [Fact]
    public async Task Next_ping_is_measured_from_the_last_pong()
    {
        var (engine, time) = CreateEngine();
        var (session, transport) = Open(engine);
        await transport.NextTextAsync();
        time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal("2", await transport.NextTextAsync());

        time.Advance(TimeSpan.FromSeconds(5));
        transport.SendText("3");
        time.Advance(TimeSpan.FromSeconds(24));
        Assert.True(transport.TryPeekNothing(out _));
        Assert.False(session.IsClosed);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("2", await transport.NextTextAsync());
    }

    [Fact]
    public async Task Missing_pong_closes_with_ping_timeout()
    {
        var (engine, time) = CreateEngine();
        var (session, transport) = Open(engine);
        var reason = new TaskCompletionSource<string>();
        session.Closed += (_, r) => reason.TrySetResult(r);
        await transport.NextTextAsync();

        time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal("2", await transport.NextTextAsync());
        time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(CloseReason.PingTimeout, await reason.Task.WaitAsync(TestTransport.Wait));
        Assert.True(transport.Closed);
        Assert.False(engine.TryGetSession(session.Id, out _));
    }

    /// <summary>A clock whose timers run on a fake clock, with timestamps that can run ahead of them (a late timer).</summary>
    private sealed class LateTimerClock(FakeTimeProvider timers) : TimeProvider
    {
        public TimeSpan Lag { get; set; }

        public override long TimestampFrequency => timers.TimestampFrequency;

        public override long GetTimestamp() => timers.GetTimestamp() + (long)(Lag.TotalSeconds * TimestampFrequency);

        public override DateTimeOffset GetUtcNow() => timers.GetUtcNow() + Lag;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            timers.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Opens a session on a <see cref="LateTimerClock"/> and waits for the first ping.</summary>
    private static async Task<(EngineSession Session, TestTransport Transport, LateTimerClock Clock)> OpenUntilFirstPing()
    {
        var timers = new FakeTimeProvider();
        var clock = new LateTimerClock(timers);
        var (session, transport) = Open(new EngineServer(new EngineOptions(), clock));
        await transport.NextTextAsync();
        timers.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal("2", await transport.NextTextAsync());
        return (session, transport, clock);
    }

    [Fact]
    public async Task Late_pong_closes_with_ping_timeout_on_arrival_before_the_timer_fires()
    {
        var (session, transport, clock) = await OpenUntilFirstPing();
        string? reason = null;
        session.Closed += (_, r) => reason = r;

        // The pong deadline (pingTimeout = 20 s) has passed, but the timeout timer has not run yet.
        clock.Lag = TimeSpan.FromSeconds(20) + TimeSpan.FromMilliseconds(1);
        Assert.False(session.IsClosed);
        transport.SendText("3");

        Assert.Equal(CloseReason.PingTimeout, reason);
        Assert.True(transport.Closed);
    }

    [Fact]
    public async Task Pong_at_the_deadline_is_in_time()
    {
        var (session, transport, clock) = await OpenUntilFirstPing();

        clock.Lag = TimeSpan.FromSeconds(20);
        transport.SendText("3");

        Assert.False(session.IsClosed);
    }

    [Fact]
    public async Task Client_ping_on_active_transport_is_a_protocol_error()
    {
        var (engine, _) = CreateEngine();
        var (session, transport) = Open(engine);
        await transport.NextTextAsync();
        string? reason = null;
        session.Closed += (_, r) => reason = r;

        transport.SendText("2");

        Assert.Equal(CloseReason.TransportError, reason);
    }

    [Fact]
    public async Task Close_packet_from_client_ends_the_session()
    {
        var (engine, _) = CreateEngine();
        var (session, transport) = Open(engine);
        await transport.NextTextAsync();
        string? reason = null;
        session.Closed += (_, r) => reason = r;

        transport.SendText("1");

        Assert.Equal(CloseReason.TransportClose, reason);
        Assert.Equal(0, engine.ClientsCount);
    }

    [Fact]
    public async Task Unknown_packet_type_closes_with_parse_error()
    {
        var (engine, _) = CreateEngine();
        var (session, transport) = Open(engine);
        await transport.NextTextAsync();
        string? reason = null;
        session.Closed += (_, r) => reason = r;

        transport.SendText("9oops");

        Assert.Equal(CloseReason.ParseError, reason);
    }

    [Fact]
    public async Task Messages_reach_the_upper_layer_text_and_binary()
    {
        var (engine, _) = CreateEngine();
        var (session, transport) = Open(engine);
        await transport.NextTextAsync();
        var received = new List<EnginePacket>();
        session.MessageReceived += (_, p) => received.Add(p);

        transport.SendText("4hello");
        transport.SendText("bAQIDBA==");
        transport.SendBinary([9, 8]);

        Assert.Equal("hello", received[0].PayloadText);
        Assert.True(received[1].IsBinary);
        Assert.Equal([1, 2, 3, 4], received[1].Payload.ToArray());
        Assert.Equal([9, 8], received[2].Payload.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Message_over_max_http_buffer_size_closes_with_transport_error(bool binary)
    {
        // docs/protocol.md#websocket: a message over maxHttpBufferSize ends the connection (ws closes with 1009 -> "transport error").
        var (engine, _) = CreateEngine(o => o.MaxHttpBufferSize = 100);
        var (session, transport) = Open(engine);
        await transport.NextTextAsync();
        var received = new List<EnginePacket>();
        session.MessageReceived += (_, p) => received.Add(p);
        string? reason = null;
        session.Closed += (_, r) => reason = r;
        void SendMessageOf(int bytes)
        {
            if (binary)
                transport.SendBinary(new byte[bytes]);
            else
                transport.SendText("4" + new string('a', bytes - 1));
        }

        SendMessageOf(100); // at the limit
        Assert.Single(received);
        Assert.False(session.IsClosed);

        SendMessageOf(101);

        Assert.Single(received);
        Assert.Equal(CloseReason.TransportError, reason);
        Assert.True(transport.Closed);
    }

    [Fact]
    public void Binary_packet_text_form_is_b_plus_base64()
    {
        var packet = EnginePacket.FromBinary(new byte[] { 1, 2, 3, 4 });
        Assert.Equal("bAQIDBA==", System.Text.Encoding.UTF8.GetString(packet.TextFrame.Span));
    }

    [Fact]
    public async Task Server_close_sends_close_packet_after_queued_packets()
    {
        var (engine, _) = CreateEngine();
        var (session, transport) = Open(engine);
        await transport.NextTextAsync();

        session.Send(EnginePacket.FromText(EnginePacketType.Message, "bye"));
        session.Close();

        Assert.Equal("4bye", await transport.NextTextAsync());
        Assert.Equal("1", await transport.NextTextAsync());
        Assert.True(session.IsClosed);
    }
}
