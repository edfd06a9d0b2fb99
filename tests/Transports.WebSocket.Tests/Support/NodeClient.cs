using System.Diagnostics;
using System.Text.Json;

namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>Runs js/client.js (the official socket.io-client) for one scenario and returns its JSON result.</summary>
internal static class NodeClient
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task<JsonElement> RunAsync(Uri server, string mode, string scenario, IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = RepoRoot.Path;
        var script = Path.Combine(root, "tests", "Transports.WebSocket.Tests", "js", "client.js");
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
        start.ArgumentList.Add(server.ToString().TrimEnd('/'));
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(scenario);
        start.Environment["NODE_PATH"] = Path.Combine(root, "node_modules");
        start.Environment["DEBUG"] = "socket.io-client*,engine.io-client*";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
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
            Assert.Fail($"node {scenario} ({mode}) did not finish within {Deadline.TotalSeconds} s");
        }
        var output = (await stdout.WaitAsync(Deadline)).Trim();
        var errors = (await stderr.WaitAsync(Deadline)).Trim();
        var last = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (last is null)
            Assert.Fail($"node {scenario} ({mode}) printed no result (exit {process.ExitCode}).\nstdout: {output}\nstderr: {errors}");
        var result = JsonDocument.Parse(last).RootElement.Clone();
        if (result.TryGetProperty("error", out var error))
            Assert.Fail($"node {scenario} ({mode}) failed: {error.GetString()}\nstderr: {errors}");
        return result;
    }

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
