using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SocketIO.ConformanceServer.Tests.Support;

/// <summary>
/// tests/ConformanceServer as the protocol suites run it: its own process, told its port through
/// PORT (a free one, found by binding port 0 and releasing it), ready once the port accepts connections.
/// </summary>
public sealed class ConformanceHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ConformanceHost(Process process, int port)
    {
        _process = process;
        Url = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Url { get; }

    /// <summary>Everything the process printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>
    /// Starts the server with <paramref name="parser"/> as PARSER (unset when null) and waits until it listens.
    /// With <paramref name="handoff"/> its WebSockets own their connections (SOCKETIO_CONNECTION_HANDOFF=1),
    /// and it prints the transport's debug log, which says so for each of them.
    /// </summary>
    public static async Task<ConformanceHost> StartAsync(string? parser, bool handoff = false)
    {
        if (!File.Exists(ServerDll))
            throw new InvalidOperationException($"tests/ConformanceServer is not built ({ServerDll} is missing): build Modular.sln.");
        var port = FreePort.Next();
        var psi = new ProcessStartInfo(Repo.DotNetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        psi.ArgumentList.Add(ServerDll);
        psi.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        psi.Environment.Remove("PARSER");
        if (parser is not null)
            psi.Environment["PARSER"] = parser;
        psi.Environment.Remove("SOCKETIO_CONNECTION_HANDOFF");
        if (handoff)
        {
            psi.Environment["SOCKETIO_CONNECTION_HANDOFF"] = "1";
            psi.Environment["Logging__LogLevel__SocketIO.Transports.WebSocket"] = "Debug";
        }
        var host = new ConformanceHost(new Process { StartInfo = psi }, port);
        host._process.OutputDataReceived += (_, e) => host.Append(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilListeningAsync(port);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    /// <summary>The built server, in the configuration of these tests.</summary>
    private static string ServerDll => Repo.TestHostDll("ConformanceServer", "ConformanceServer");

    /// <summary>Tries to connect until the port accepts, failing if the process exits or <see cref="Repo.Wait"/> passes.</summary>
    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + Repo.Wait;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"ConformanceServer exited with {_process.ExitCode} before listening:\n{Output}");
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Repo.Timeout);
                return;
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"ConformanceServer did not listen on port {port} within {Repo.Wait}:\n{Output}");
            await Task.Delay(50);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(Repo.Timeout);
        _process.Dispose();
    }
}
