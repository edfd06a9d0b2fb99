using System.Text.Json;
using SocketIO.Adapters;
using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Adapters;

/// <summary>A cluster adapter ships fetchSockets results to other nodes, so SocketInfo must survive System.Text.Json.</summary>
public class SocketInfoSerializationTests
{
    [Fact]
    public async Task Fetched_socket_info_round_trips_through_system_text_json()
    {
        var io = ServerFactory.Create();
        io.OnConnection(s =>
        {
            s.Join("room-1", "room-2");
            s.Data["name"] = "ann";
            s.Data["score"] = 42;
            s.Data["tags"] = new[] { "a", "b" };
        });
        var request = new HandshakeRequest
        {
            Headers = new Dictionary<string, string> { ["origin"] = "http://example.com", ["user-agent"] = "test" },
            Query = new Dictionary<string, string> { ["EIO"] = "4", ["transport"] = "websocket" },
            Address = "10.0.0.1",
            Url = "/socket.io/?EIO=4&transport=websocket",
            Secure = true,
        };
        var client = await TestClient.OpenAsync(io, request);
        await client.ConnectAsync("/", "{\"token\":\"abc\",\"n\":[1,2]}");
        var info = Assert.Single(await io.FetchSocketsAsync().WaitAsync(TestTransport.Wait)).Info;

        var json = JsonSerializer.Serialize(info);
        var copy = JsonSerializer.Deserialize<SocketInfo>(json);

        Assert.NotNull(copy);
        Assert.Equal(info.Id, copy.Id);
        Assert.Equal(info.Rooms.Order(), copy.Rooms.Order());
        var (h, c) = (info.Handshake, copy.Handshake);
        Assert.Equal(h.Headers, c.Headers);
        Assert.Equal(h.Query, c.Query);
        Assert.Equal(h.Auth.GetRawText(), c.Auth.GetRawText());
        Assert.Equal(h.Address, c.Address);
        Assert.Equal(h.Time, c.Time);
        Assert.Equal(h.Issued, c.Issued);
        Assert.Equal(h.Url, c.Url);
        Assert.Equal(h.Secure, c.Secure);
        Assert.Equal(h.XDomain, c.XDomain);
        // Data values come back as JSON elements; their JSON is unchanged.
        Assert.Equal(JsonSerializer.Serialize(info.Data), JsonSerializer.Serialize(copy.Data));
        Assert.Equal(json, JsonSerializer.Serialize(copy));
    }

    [Fact]
    public void Persisted_session_round_trips_through_system_text_json()
    {
        var session = new PersistedSession("sid", "pid", new HashSet<string> { "sid", "room" }, new Dictionary<string, object?> { ["n"] = 1 });

        var copy = JsonSerializer.Deserialize<PersistedSession>(JsonSerializer.Serialize(session));

        Assert.NotNull(copy);
        Assert.Equal(("sid", "pid"), (copy.Sid, copy.Pid));
        Assert.Equal(["room", "sid"], copy.Rooms.Order());
        Assert.Equal(1, Assert.IsType<JsonElement>(copy.Data["n"]).GetInt32());
    }
}
