using System.Text.Json;
using SocketIO.Samples.Tests.Support;
using SocketIOClient;
using SocketIOClient.Transport;
using Client = SocketIOClient.SocketIO;

namespace SocketIO.Samples.Tests;

/// <summary>samples/Namespaces with the NuGet client SocketIOClient 3.0.6, over each of its transports.</summary>
public class NamespacesDotNetClientTests(NamespacesSample sample) : IClassFixture<NamespacesSample>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private Client Open(string nsp, TransportProtocol transport, object? auth = null) =>
        new(sample.Host.BaseUrl + nsp, new SocketIOClient.SocketIOOptions
        {
            EIO = 4,
            Transport = transport,
            Reconnection = false,
            ConnectionTimeout = Wait,
            Auth = auth,
        });

    /// <summary>Connects and waits for the namespace's CONNECT: in this client version ConnectAsync returns once the transport is open.</summary>
    private static async Task ConnectAsync(Client client)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnConnected += (_, _) => connected.TrySetResult();
        client.OnError += (_, message) => connected.TrySetException(new InvalidOperationException($"{client.Namespace} refused: {message}"));
        await client.ConnectAsync().WaitAsync(Wait);
        await connected.Task.WaitAsync(Wait);
        Assert.True(client.Connected);
    }

    /// <summary>Emits with an ack callback and waits for it.</summary>
    private static async Task<SocketIOResponse> EmitWithAckAsync(Client client, string eventName, params object[] data)
    {
        var ack = new TaskCompletionSource<SocketIOResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.EmitAsync(eventName, r => ack.TrySetResult(r), data).WaitAsync(Wait);
        return await ack.Task.WaitAsync(Wait);
    }

    [Theory]
    [InlineData(TransportProtocol.WebSocket)]
    [InlineData(TransportProtocol.Polling)]
    public async Task Orders_ack_and_broadcast_reach_the_nuget_client(TransportProtocol transport)
    {
        using var creator = Open("/orders", transport);
        using var watcher = Open("/orders", transport);
        var broadcast = new TaskCompletionSource<SocketIOResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.On("order:created", r => broadcast.TrySetResult(r));
        await ConnectAsync(creator);
        await ConnectAsync(watcher);

        var list = (await EmitWithAckAsync(creator, "order:list")).GetValue(0);
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Contains(list.EnumerateArray(), o => o.GetProperty("item").GetString() == "book");

        var created = await EmitWithAckAsync(creator, "order:create", new { item = "lamp", photo = new byte[] { 7, 8 } });
        var order = created.GetValue(0);
        Assert.Equal("lamp", order.GetProperty("item").GetString());
        var id = order.GetProperty("id").GetInt32();
        Assert.Equal([7, 8], Assert.Single(created.InComingBytes));

        var seen = await broadcast.Task.WaitAsync(Wait);
        Assert.Equal(id, seen.GetValue(0).GetProperty("id").GetInt32());
        Assert.Equal("lamp", seen.GetValue(0).GetProperty("item").GetString());
        Assert.Equal([7, 8], Assert.Single(seen.InComingBytes));

        await creator.DisconnectAsync().WaitAsync(Wait);
        await watcher.DisconnectAsync().WaitAsync(Wait);
    }

    [Fact]
    public async Task Admin_accepts_the_nuget_client_with_the_token()
    {
        using var admin = Open("/admin", TransportProtocol.WebSocket, new { token = "admin-secret" });
        await ConnectAsync(admin);

        var deleted = (await EmitWithAckAsync(admin, "delete user", "eve")).GetValue(0);

        Assert.Equal("eve", deleted.GetProperty("deleted").GetString());
        await admin.DisconnectAsync().WaitAsync(Wait);
    }

    [Fact]
    public async Task Admin_refusal_reaches_the_nuget_client_as_an_error()
    {
        using var admin = Open("/admin", TransportProtocol.WebSocket, new { token = "nope" });
        var error = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        admin.OnError += (_, message) => error.TrySetResult(message);

        // ConnectAsync does not fail on CONNECT_ERROR in this client version; the error event carries it.
        var connect = admin.ConnectAsync();

        Assert.Contains("not authorized", await error.Task.WaitAsync(Wait));
        await connect.WaitAsync(Wait);
        Assert.False(admin.Connected);
    }
}
