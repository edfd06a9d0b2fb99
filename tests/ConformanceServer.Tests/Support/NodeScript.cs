using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace SocketIO.ConformanceServer.Tests.Support;

/// <summary>Runs js/conformance.js (the official socket.io-client, from the repository's node_modules) and returns its JSON line.</summary>
internal static class NodeScript
{
    public static async Task<JsonElement> RunAsync(Uri server, string mode, string? parser)
    {
        if (!Directory.Exists(Path.Combine(Repo.Root, "node_modules", "socket.io-client")))
            Assert.Fail("node_modules/socket.io-client is missing: run `npm ci` at the repository root (./test.sh does).");
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        psi.ArgumentList.Add(Path.Combine("tests", "ConformanceServer.Tests", "js", "conformance.js"));
        psi.ArgumentList.Add(server.ToString().TrimEnd('/'));
        psi.ArgumentList.Add(mode);
        psi.Environment.Remove("PARSER");
        if (parser is not null)
            psi.Environment["PARSER"] = parser;
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"node could not be started ({ex.Message}): install Node.js 18 or later.");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Repo.Wait);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node conformance.js ({mode}) did not finish within {Repo.Wait}");
            }
            var output = (await stdout.WaitAsync(Repo.Timeout)).Trim();
            var errors = (await stderr.WaitAsync(Repo.Timeout)).Trim();
            var line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
            Assert.True(line is not null, $"node conformance.js ({mode}) printed no result (exit {process.ExitCode}).\nstdout: {output}\nstderr: {errors}");
            var result = JsonDocument.Parse(line).RootElement.Clone();
            if (process.ExitCode != 0 || result.TryGetProperty("error", out _))
                Assert.Fail($"node conformance.js ({mode}) failed (exit {process.ExitCode}): {line}\nstderr: {errors}");
            return result;
        }
    }
}
