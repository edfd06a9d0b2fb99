using System.Net.Sockets;

namespace SocketIO.TestSupport.Tests;

public class RabbitMqServerTests
{
    [Fact]
    public async Task Accepts_AMQP_and_stop_app_and_start_app_close_and_reopen_it()
    {
        await using var rabbit = await RabbitMqServer.StartAsync();
        Assert.Matches(@"^n[0-9a-f]{32}@localhost$", rabbit.NodeName);
        Assert.Equal($"amqp://guest:guest@127.0.0.1:{rabbit.Port}", rabbit.Url);
        Assert.True(await AmqpAnswersAsync(rabbit.Port), "the node does not answer the AMQP 0-9-1 protocol header");

        await rabbit.StopAppAsync();
        await Poll.UntilAsync(async () => !await AmqpAnswersAsync(rabbit.Port), Repo.Timeout, "the AMQP listener is closed");

        await rabbit.StartAppAsync();
        Assert.True(await AmqpAnswersAsync(rabbit.Port), "the node does not answer AMQP after start_app");
    }

    // AMQP 0-9-1: the client sends the protocol header; the broker answers with a method frame (type 1) on
    // channel 0 carrying connection.start (class 10, method 10).
    private static async Task<bool> AmqpAnswersAsync(int port)
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync("127.0.0.1", port).WaitAsync(Repo.Timeout);
            var stream = tcp.GetStream();
            await stream.WriteAsync("AMQP\0\0\x09\x01"u8.ToArray()).AsTask().WaitAsync(Repo.Timeout);
            var header = new byte[11];
            await stream.ReadExactlyAsync(header).AsTask().WaitAsync(Repo.Timeout);
            return header[0] == 1 && header[1] == 0 && header[2] == 0 && header[7] == 0 && header[8] == 10 && header[9] == 0 && header[10] == 10;
        }
        catch (Exception ex) when (ex is SocketException or IOException or EndOfStreamException)
        {
            return false;
        }
    }
}
