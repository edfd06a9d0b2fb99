using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace SocketIO.TestSupport;

/// <summary>What one node script run printed, and how it ended.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Stdout">Everything written to stdout.</param>
/// <param name="Stderr">Everything written to stderr.</param>
public sealed record NodeRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The last stdout line that starts with <c>{</c> or <c>[</c>, parsed; null when there is none.</summary>
    public JsonElement? LastJsonLine
    {
        get
        {
            var line = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{') || l.StartsWith('['));
            return line is null ? null : JsonDocument.Parse(line).RootElement.Clone();
        }
    }
}

/// <summary>
/// Runs a node script to completion, from the repository root (so the official packages come from its node_modules),
/// with arguments, environment, optional stdin and a deadline.
/// </summary>
public static class NodeScript
{
    /// <summary>
    /// Runs <paramref name="script"/> (a path, absolute or relative to the repository root) and returns its last JSON line.
    /// Fails the test when node is missing, the deadline (default <see cref="Repo.Wait"/>) passes, the exit code is not 0,
    /// no JSON line was printed, or the line is an object with an <c>error</c> property and <paramref name="allowErrorResult"/> is false.
    /// </summary>
    public static async Task<JsonElement> RunAsync(string script, IEnumerable<string>? args = null, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? deadline = null, bool allowErrorResult = false)
    {
        var run = await RunRawAsync(script, args, environment, deadline: deadline);
        var what = Describe(script, args);
        var result = run.LastJsonLine;
        if (result is null)
            Assert.Fail($"{what} printed no JSON line (exit {run.ExitCode}).\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        if (run.ExitCode != 0)
            Assert.Fail($"{what} failed (exit {run.ExitCode}): {result}\nstderr:\n{run.Stderr}");
        if (!allowErrorResult && result.Value.ValueKind == JsonValueKind.Object && result.Value.TryGetProperty("error", out var error))
            Assert.Fail($"{what} reported an error: {error}\nstderr:\n{run.Stderr}");
        return result.Value;
    }

    /// <summary>Runs <paramref name="script"/> and returns what it printed and its exit code, whatever they are; fails only on a missing node or the deadline.</summary>
    public static async Task<NodeRun> RunRawAsync(string script, IEnumerable<string>? args = null, IReadOnlyDictionary<string, string>? environment = null,
        string? stdin = null, TimeSpan? deadline = null, string? workingDirectory = null)
    {
        var argList = args?.ToList() ?? [];
        var psi = ProcessHost.NewStartInfo("node");
        psi.RedirectStandardInput = true;
        psi.StandardOutputEncoding = Encoding.UTF8;
        psi.StandardErrorEncoding = Encoding.UTF8;
        psi.WorkingDirectory = workingDirectory ?? Repo.Root;
        psi.ArgumentList.Add(Path.IsPathRooted(script) ? script : Path.Combine(Repo.Root, script));
        foreach (var arg in argList)
            psi.ArgumentList.Add(arg);
        psi.Environment.Remove("PARSER");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"node could not be started ({ex.Message}): install Node.js 18 or later.");
        }
        // Read whole, byte for byte (some callers compare the output with a committed file).
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = deadline ?? Repo.Wait;
        using var cts = new CancellationTokenSource(limit);
        try
        {
            if (stdin is not null)
                await process.StandardInput.WriteAsync(stdin.AsMemory(), cts.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Describe(script, argList)} did not finish within {limit}.\nstdout:\n{await Drain(stdout)}\nstderr:\n{await Drain(stderr)}");
        }
        return new NodeRun(process.ExitCode, await stdout.WaitAsync(Repo.Timeout), await stderr.WaitAsync(Repo.Timeout));
    }

    private static async Task<string> Drain(Task<string> text)
    {
        try
        {
            return await text.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            return "(not readable)";
        }
    }

    private static string Describe(string script, IEnumerable<string>? args) =>
        $"node {Path.GetFileName(script)} {string.Join(' ', args ?? [])}".TrimEnd();
}
