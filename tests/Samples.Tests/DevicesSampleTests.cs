using SocketIO.DeviceClient;
using SocketIO.Samples.Tests.Support;

namespace SocketIO.Samples.Tests;

/// <summary>samples/Devices (the generic host, no ASP.NET) with the .NET device client over raw TCP.</summary>
public class DevicesSampleTests(DevicesSample sample) : IClassFixture<DevicesSample>
{
    private async Task<SocketIOTcpClient> NewClientAsync() => new(new SocketIOTcpClientOptions
    {
        Host = "127.0.0.1",
        Port = (await sample.Host.TcpEndPointAsync()).Port,
        Reconnection = false,
        AckTimeout = Repo.Wait,
    });

    [Fact]
    public async Task Device_gets_a_command_acks_it_and_its_telemetry_is_stored()
    {
        await using var client = await NewClientAsync();
        var devices = client.Socket("/devices", new { token = "device-token", device = "sensor-7", group = "greenhouse" });
        var command = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        devices.On("command", e =>
        {
            command.TrySetResult(e.Args[0].GetRawText());
            e.Ack("done");
        });

        await client.ConnectAsync().WaitAsync(Repo.Wait);
        await devices.WaitConnectedAsync().WaitAsync(Repo.Wait);
        var reply = await devices.EmitWithAckAsync("telemetry", new { temperature = 21.5, humidity = 40 });

        Assert.Equal("stored", reply.Get<string>(0));
        Assert.Equal("""{"name":"set-interval","seconds":10}""", await command.Task.WaitAsync(Repo.Wait));
        await WaitForOutputAsync("telemetry sensor-7 {\"temperature\":21.5,\"humidity\":40}");
        await WaitForOutputAsync("command ack sensor-7 [\"done\"]");
    }

    [Fact]
    public async Task Bad_token_is_refused_with_connect_error()
    {
        await using var client = await NewClientAsync();
        var devices = client.Socket("/devices", new { token = "wrong" });

        await client.ConnectAsync().WaitAsync(Repo.Wait);
        var error = await Assert.ThrowsAsync<DeviceConnectException>(() => devices.WaitConnectedAsync().WaitAsync(Repo.Wait));

        Assert.Equal("invalid token", error.Error.Message);
    }

    private async Task WaitForOutputAsync(string line)
    {
        var deadline = DateTime.UtcNow + Repo.Wait;
        while (!sample.Host.Output.ToString().Contains(line, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"samples/Devices did not print \"{line}\":\n{sample.Host.Output}");
            await Task.Delay(20);
        }
    }
}

/// <summary>samples/Namespaces with TCP_PORT: the same namespaces over raw TCP.</summary>
public class NamespacesTcpTests(NamespacesTcpSample sample) : IClassFixture<NamespacesTcpSample>
{
    [Fact]
    public async Task Orders_namespace_answers_a_device_over_raw_tcp_on_the_same_server()
    {
        var endpoint = await sample.Host.TcpEndPointAsync();
        await using var client = new SocketIOTcpClient(new SocketIOTcpClientOptions { Port = endpoint.Port, Reconnection = false, AckTimeout = Repo.Wait });
        var main = client.Socket("/");
        var orders = client.Socket("/orders");

        await client.ConnectAsync().WaitAsync(Repo.Wait);
        await Task.WhenAll(main.WaitConnectedAsync(), orders.WaitConnectedAsync()).WaitAsync(Repo.Wait);
        var list = await orders.EmitWithAckAsync("order:list");
        var stats = await main.EmitWithAckAsync("stats");

        Assert.Contains(list[0].EnumerateArray(), o => o.GetProperty("id").GetInt32() == 1 && o.GetProperty("item").GetString() == "book");
        Assert.True(stats[0].GetProperty("clientsCount").GetInt32() >= 1);
    }
}
