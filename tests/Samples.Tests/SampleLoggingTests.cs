using System.Text.Json;
using SocketIO.Samples.Tests.Support;

namespace SocketIO.Samples.Tests;

/// <summary>
/// The samples' appsettings.json: ASP.NET Core's per-request lines stay at Warning, Socket.IO's own lines
/// show, and Logging__LogLevel__SocketIO=Debug turns on the per-connection lines.
/// </summary>
public class SampleLoggingTests
{
    [Theory]
    [InlineData("Namespaces")]
    [InlineData("Chat")]
    public async Task Sample_logs_socket_io_lines_without_per_request_noise(string sample)
    {
        await using var host = await SampleHost.StartAsync(sample, new Dictionary<string, string> { ["Logging__LogLevel__SocketIO"] = "Debug" });
        using var http = new HttpClient { BaseAddress = host.Url, Timeout = Repo.Wait };

        var open = await http.GetStringAsync("/socket.io/?EIO=4&transport=polling").WaitAsync(Repo.Wait);
        var sid = JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString();
        var url = $"/socket.io/?EIO=4&transport=polling&sid={sid}";
        (await http.PostAsync(url, new StringContent("40")).WaitAsync(Repo.Wait)).EnsureSuccessStatusCode();
        var reply = await http.GetStringAsync(url).WaitAsync(Repo.Wait);
        (await http.PostAsync(url, new StringContent("1")).WaitAsync(Repo.Wait)).EnsureSuccessStatusCode();
        await UntilAsync(() => host.Output.ToString().Contains($"Engine session {sid} closed", StringComparison.Ordinal), host);

        var output = host.Output.ToString();
        Assert.Contains("Socket.IO server listening on http://127.0.0.1:", output);
        Assert.Contains($"Client {sid} connected over polling from 127.0.0.1", output);
        Assert.Contains(reply.StartsWith("40", StringComparison.Ordinal) ? "Namespace /: socket " : "Namespace /: connection from client", output);
        Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", output);
        Assert.DoesNotContain("Request starting", output);
    }

    private static async Task UntilAsync(Func<bool> condition, ProcessHost host)
    {
        var deadline = DateTime.UtcNow + Repo.Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out; the sample printed:\n{host.Output}");
            await Task.Delay(20);
        }
    }
}
