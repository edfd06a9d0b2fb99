using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace SocketIO.Samples.Tests.Support;

/// <summary>
/// Runs a script of tests/Samples.Tests/js with node (cwd = repo root, so the official clients come
/// from the repo's node_modules) and returns the JSON line it prints.
/// </summary>
internal static class NodeScript
{
    public static Task<JsonElement> RunAsync(string script, params string[] args) => RunAsync(script, null, args);

    /// <summary>Runs the script with extra environment variables (PARSER is unset otherwise).</summary>
    public static async Task<JsonElement> RunAsync(string script, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var client = Path.Combine(Repo.Root, "node_modules", "socket.io-client", "package.json");
        Assert.True(File.Exists(client), $"The official Node client is missing ({client}): run 'npm ci' at the repository root (./test.sh does).");
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        psi.ArgumentList.Add(Path.Combine("tests", "Samples.Tests", "js", script));
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        psi.Environment.Remove("PARSER");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;

        using var process = new Process { StartInfo = psi };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"node could not be started ({ex.Message}): install Node.js 18 or later.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (var cts = new CancellationTokenSource(Repo.Wait))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node {script} {string.Join(' ', args)} did not finish within {Repo.Wait}.\nstdout:\n{stdout}\nstderr:\n{stderr}");
            }
        }
        // WaitForExitAsync also waits for the redirected streams to reach their end.
        string output;
        lock (stdout)
            output = stdout.ToString();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        Assert.True(line is not null, $"node {script} printed nothing (exit {process.ExitCode}).\nstderr:\n{stderr}");
        if (process.ExitCode != 0)
            Assert.Fail($"node {script} {string.Join(' ', args)} failed (exit {process.ExitCode}): {line}\nstderr:\n{stderr}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }
}
