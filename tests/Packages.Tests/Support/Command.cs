using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace SocketIO.Packages.Tests.Support;

/// <summary>What a finished command printed.</summary>
internal sealed record CommandResult(int ExitCode, string Output)
{
    /// <summary>Fails the test with the output unless the command exited with 0.</summary>
    public CommandResult EnsureSuccess(string what)
    {
        Assert.True(ExitCode == 0, $"{what} failed (exit {ExitCode}):\n{Output}");
        return this;
    }
}

/// <summary>Runs commands (dotnet build and pack, git) as child processes, each bounded by <see cref="Feed.Slow"/>.</summary>
internal static class Command
{
    /// <summary>
    /// A start description with stdout and stderr redirected. MSBuild variables that the test host
    /// inherited from <c>dotnet test</c> are removed, so a child build starts as a user's would.
    /// </summary>
    private static ProcessStartInfo StartInfo(string fileName, string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            psi.Environment.Remove(name);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        return psi;
    }

    /// <summary>Runs a command to its end and returns its exit code and everything it printed.</summary>
    public static async Task<CommandResult> RunAsync(string fileName, string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = StartInfo(fileName, workingDirectory, args, environment);
        using var process = new Process { StartInfo = psi };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        var line = $"{Path.GetFileName(fileName)} {string.Join(' ', psi.ArgumentList)}";
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"{line} could not be started: {ex.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (var cts = new CancellationTokenSource(Feed.Slow))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{line} did not finish within {Feed.Slow}:\n{Snapshot(output)}");
            }
        }
        return new CommandResult(process.ExitCode, Snapshot(output));
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }
}
