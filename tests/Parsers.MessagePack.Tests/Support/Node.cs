using System.Diagnostics;
using System.Text;

namespace SocketIO.Parsers.MessagePack.Tests.Support;

/// <summary>Runs the test project's node scripts (the official JS packages are the reference).</summary>
internal static class Node
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="script"/> with <paramref name="stdin"/>; returns stdout, fails on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string script, string stdin = "", params string[] args)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            WorkingDirectory = Path.GetDirectoryName(Repo.TestFile(script))!,
        };
        start.ArgumentList.Add(Repo.TestFile(script));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
            var stderr = process.StandardError.ReadToEndAsync(cts.Token);
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cts.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(cts.Token);
            var output = await stdout;
            var errors = await stderr;
            Assert.True(process.ExitCode == 0, $"node {script} {string.Join(' ', args)} exited with {process.ExitCode}\nstdout: {output}\nstderr: {errors}");
            return output;
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }
}
