using System.Diagnostics;
using SocketIO.Transports.Tcp.Tests.Support;

namespace SocketIO.Transports.Tcp.Tests.Interop;

/// <summary>
/// The C client (clients/c) built with the system C compiler as C99 with every warning an error, and its
/// example program run against the server: the server's handler gets the telemetry, the device its command.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CClientTests(TcpTestServer server)
{
    private static readonly Lazy<Task<string>> Example = new(BuildAsync);

    private static async Task<string> BuildAsync()
    {
        var source = Path.Combine(RepoRoot.Path, "clients", "c");
        var output = Path.Combine(Path.GetTempPath(), $"sioc-example-{Environment.ProcessId}");
        var (exit, text) = await RunAsync("cc", ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O2",
            Path.Combine(source, "sioc.c"), Path.Combine(source, "example.c"), "-o", output]);
        Assert.True(exit == 0, $"cc failed ({exit}):\n{text}");
        return output;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"{file} is not installed or not on PATH ({ex.Message}); ./test.sh installs gcc.");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{file} did not finish in time");
            }
            return (process.ExitCode, await stdout + await stderr);
        }
    }

    [Fact]
    public async Task Example_device_sends_telemetry_and_acks_the_servers_command()
    {
        var example = await Example.Value;
        var device = $"c-device-{Guid.NewGuid():N}"[..20];

        var (exit, output) = await RunAsync(example, ["127.0.0.1", server.Tcp.Port.ToString(), "/devices", TestNamespaces.DeviceToken, device]);

        Assert.True(exit == 0, $"the example failed ({exit}):\n{output}");
        Assert.Contains("connected /devices", output);
        Assert.Contains("ack /devices 0 [\"stored\"]", output);
        Assert.Contains("event /devices command [{\"name\":\"reboot\"}]", output);
        await Wait.UntilAsync(() => server.Received.Any(r => r.Event == "telemetry" && r.Args.Contains(device)), "the server got the telemetry");
        await Wait.UntilAsync(() => server.Received.Any(r => r.Event == "command-ack" && r.Args == "[\"done\"]"), "the server got the command's ack");
        var telemetry = server.Received.First(r => r.Event == "telemetry" && r.Args.Contains(device)).Args;
        Assert.Equal($"[{{\"device\":\"{device}\",\"temperature\":21.5,\"humidity\":40}}]", telemetry);
    }

    [Fact]
    public async Task Example_device_with_a_bad_token_is_refused_by_middleware()
    {
        var example = await Example.Value;

        var (exit, output) = await RunAsync(example, ["127.0.0.1", server.Tcp.Port.ToString(), "/devices", "wrong-token"]);

        Assert.Equal(1, exit);
        Assert.Contains("connect_error /devices {\"message\":\"invalid token\"}", output);
    }
}
