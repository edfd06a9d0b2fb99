using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocketIO.Tests.Support;

/// <summary>What js/notepack.js made of one request: hex encodings, and JSON + attachments of decodings.</summary>
internal sealed record NotepackResult(IReadOnlyList<byte[]> Encoded, IReadOnlyList<NotepackDecoded> Decoded);

/// <summary>One value decoded by notepack.io, as JSON with placeholders plus the attachments they name.</summary>
internal sealed record NotepackDecoded(string Json, IReadOnlyList<byte[]> Attachments);

/// <summary>Runs tests/Core.Tests/js/notepack.js (the real notepack.io 3, and 2 for the legacy forms) on one batch.</summary>
internal static class NotepackScript
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Encodes each (tagged value, notepack major version) and decodes each byte string, in one node run.</summary>
    public static async Task<NotepackResult> RunAsync(IEnumerable<(JsonNode Tagged, int With)> encode, IEnumerable<byte[]> decode)
    {
        var request = new JsonObject
        {
            ["encode"] = new JsonArray(encode.Select(c => (JsonNode)new JsonObject { ["v"] = c.Tagged, ["with"] = c.With }).ToArray()),
            ["decode"] = new JsonArray(decode.Select(b => (JsonNode)JsonValue.Create(Convert.ToHexString(b))).ToArray()),
        };
        var output = await RunNodeAsync(request.ToJsonString());
        using var document = JsonDocument.Parse(output);
        var encoded = new List<byte[]>();
        foreach (var item in document.RootElement.GetProperty("encoded").EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                Assert.Fail($"notepack.js could not encode case {encoded.Count}: {item}");
            encoded.Add(Convert.FromHexString(item.GetString()!));
        }
        var decoded = new List<NotepackDecoded>();
        foreach (var item in document.RootElement.GetProperty("decoded").EnumerateArray())
        {
            if (item.TryGetProperty("error", out var error))
                Assert.Fail($"notepack.js could not decode case {decoded.Count}: {error.GetString()}");
            decoded.Add(new NotepackDecoded(
                item.GetProperty("json").GetString()!,
                item.GetProperty("attachments").EnumerateArray().Select(a => Convert.FromHexString(a.GetString()!)).ToArray()));
        }
        return new NotepackResult(encoded, decoded);
    }

    private static async Task<string> RunNodeAsync(string request)
    {
        var root = RepoRoot.Path;
        if (!File.Exists(Path.Combine(root, "node_modules", "notepack.io", "package.json")))
            Assert.Fail("node_modules/notepack.io is missing: run `npm ci` at the repository root (./test.sh does).");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(root, "tests", "Core.Tests", "js", "notepack.js"));
        start.Environment["NODE_PATH"] = Path.Combine(root, "node_modules");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"node is not installed or not on PATH: {ex.Message}");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(request).WaitAsync(Deadline);
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(Deadline);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node notepack.js did not finish within {Deadline.TotalSeconds} s");
            }
            var output = (await stdout.WaitAsync(Deadline)).Trim();
            if (process.ExitCode != 0 || output.Length == 0)
                Assert.Fail($"node notepack.js failed (exit {process.ExitCode}): {await stderr.WaitAsync(Deadline)}");
            return output;
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
