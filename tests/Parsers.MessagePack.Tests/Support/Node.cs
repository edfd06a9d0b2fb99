namespace SocketIO.Parsers.MessagePack.Tests.Support;

/// <summary>Runs the test project's node scripts (the official JS packages are the reference).</summary>
internal static class Node
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="script"/> with <paramref name="stdin"/>; returns stdout, fails on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string script, string stdin = "", params string[] args)
    {
        var path = Repo.TestFile(script);
        var run = await TestSupport.NodeScript.RunRawAsync(path, args, stdin: stdin, deadline: Timeout, workingDirectory: Path.GetDirectoryName(path));
        Assert.True(run.ExitCode == 0, $"node {script} {string.Join(' ', args)} exited with {run.ExitCode}\nstdout: {run.Stdout}\nstderr: {run.Stderr}");
        return run.Stdout;
    }
}
