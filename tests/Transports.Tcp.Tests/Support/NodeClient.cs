using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace SocketIO.Transports.Tcp.Tests.Support;

/// <summary>Runs js/tcp-client.js (the official socket.io-client over raw TCP) for one scenario and returns its JSON result.</summary>
internal static class NodeClient
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    public static Task<JsonElement> RunAsync(TcpTestServer server, string scenario, IPEndPoint? heartbeat = null) =>
        RunAsync(new
        {
            tcp = server.Tcp.ToString(),
            tls = server.Tls.ToString(),
            tlsRequired = server.TlsRequired.ToString(),
            heartbeat = heartbeat?.ToString(),
            http = server.HttpUri.ToString().TrimEnd('/'),
            parser = server.ParserName,
            certs = new
            {
                ca = server.Certificates.CaPem,
                deviceCert = server.Certificates.DeviceCertPem,
                deviceKey = server.Certificates.DeviceKeyPem,
                rogueCert = server.Certificates.RogueCertPem,
                rogueKey = server.Certificates.RogueKeyPem,
            },
        }, scenario);

    public static async Task<JsonElement> RunAsync(object config, string scenario)
    {
        var root = RepoRoot.Path;
        var script = Path.Combine(root, "tests", "Transports.Tcp.Tests", "js", "tcp-client.js");
        if (!Directory.Exists(Path.Combine(root, "node_modules", "socket.io-client")))
            Assert.Fail("node_modules/socket.io-client is missing: run `npm ci` at the repository root (./test.sh does).");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(JsonSerializer.Serialize(config));
        start.ArgumentList.Add(scenario);
        start.Environment["NODE_PATH"] = Path.Combine(root, "node_modules");
        start.Environment["DEBUG"] = "socket.io-client*,engine.io-client*";
        using var process = StartOrFail(start);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"node {scenario} did not finish within {Deadline.TotalSeconds} s");
        }
        var output = (await stdout.WaitAsync(Deadline)).Trim();
        var errors = (await stderr.WaitAsync(Deadline)).Trim();
        var last = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (last is null)
            Assert.Fail($"node {scenario} printed no result (exit {process.ExitCode}).\nstdout: {output}\nstderr: {Tail(errors)}");
        var result = JsonDocument.Parse(last).RootElement.Clone();
        if (result.TryGetProperty("error", out var error))
            Assert.Fail($"node {scenario} failed: {error.GetString()}\nstderr: {Tail(errors)}");
        return result;
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    private static Process StartOrFail(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"node is not installed or not on PATH: {ex.Message}");
            throw;
        }
    }
}

/// <summary>The repository root: the first parent of the test binaries that holds Modular.sln.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Modular.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Modular.sln not found above " + AppContext.BaseDirectory);
    }
}
