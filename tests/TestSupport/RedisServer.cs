using System.ComponentModel;
using System.Diagnostics;

namespace SocketIO.TestSupport;

/// <summary>
/// A redis-server of the test's own: a child process (not daemonized, so it can be killed) on a free 127.0.0.1 port,
/// without persistence (<c>--save '' --appendonly no</c>). Ready once it answers PING.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string[] _extraArgs;
    private readonly string _directory;
    private Process? _process;

    private RedisServer(int port, string[] extraArgs, string directory)
    {
        Port = port;
        _extraArgs = extraArgs;
        _directory = directory;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The URL form, <c>redis://127.0.0.1:P</c> (node's redis client, samples' REDIS_URL).</summary>
    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>The StackExchange.Redis configuration string, <c>127.0.0.1:P</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>What redis-server printed (all of its runs).</summary>
    public ProcessOutput Output { get; } = new();

    /// <summary>Whether the current redis-server process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Starts redis-server; <paramref name="extraArgs"/> are appended to its command line
    /// (e.g. <c>"--client-output-buffer-limit", "pubsub 64kb 32kb 1"</c>).
    /// Fails the test clearly when redis-server is not installed.
    /// </summary>
    public static async Task<RedisServer> StartAsync(params string[] extraArgs)
    {
        var directory = Directory.CreateTempSubdirectory("redis-test-").FullName;
        Exception? last = null;
        // Another process may take the free port between the check and redis-server's bind: try a few.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var server = new RedisServer(FreePort.Next(), extraArgs, directory);
            try
            {
                await server.RunAsync();
                return server;
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                last = ex;
                await server.KillAsync();
            }
        }
        Directory.Delete(directory, recursive: true);
        throw new InvalidOperationException("redis-server found no free port.", last);
    }

    /// <summary>Kills redis-server with SIGKILL (clients see their connections drop) and waits for its exit.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(Repo.Timeout);
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts redis-server again on the same port (after <see cref="KillAsync"/>), empty.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await RunAsync();
    }

    /// <summary>Runs one command on a fresh connection and returns the reply (string, long, null or object?[]).</summary>
    public async Task<object?> ExecuteAsync(params string[] command)
    {
        using var cts = new CancellationTokenSource(Repo.Timeout);
        await using var connection = await RespConnection.ConnectAsync(Port, cts.Token);
        return await connection.ExecuteAsync(command, cts.Token);
    }

    /// <summary>The number of subscribers of <paramref name="channel"/> (<c>PUBSUB NUMSUB</c>).</summary>
    public async Task<long> NumSubAsync(string channel) =>
        (long)((object?[])(await ExecuteAsync("PUBSUB", "NUMSUB", channel))!)[1]!;

    /// <summary>The number of subscribers of the shard channel <paramref name="channel"/> (<c>PUBSUB SHARDNUMSUB</c>).</summary>
    public async Task<long> ShardNumSubAsync(string channel) =>
        (long)((object?[])(await ExecuteAsync("PUBSUB", "SHARDNUMSUB", channel))!)[1]!;

    /// <summary>Opens a MONITOR connection that records every command the server runs from now on.</summary>
    public Task<RedisMonitor> MonitorAsync() => RedisMonitor.StartAsync(Port);

    private async Task RunAsync()
    {
        var psi = ProcessHost.NewStartInfo("redis-server");
        psi.WorkingDirectory = _directory;
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--daemonize", "no", "--save", "", "--appendonly", "no", "--dir", _directory })
            psi.ArgumentList.Add(arg);
        foreach (var arg in _extraArgs)
            psi.ArgumentList.Add(arg);
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Output.Add(e.Data); };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            Assert.Fail($"redis-server could not be started ({ex.Message}): install it (apt-get install redis-server; ./test.sh does).");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + Repo.Timeout;
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync().WaitAsync(Repo.Timeout);
                throw new InvalidOperationException($"redis-server on port {Port} exited with {process.ExitCode}:\n{Output}");
            }
            if (await PingAsync())
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"redis-server on port {Port} did not answer PING within {Repo.Timeout}:\n{Output}");
            await Task.Delay(20);
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            return await ExecuteAsync("PING") as string == "PONG";
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException or RedisErrorException)
        {
            return false;
        }
    }

    /// <summary>Kills redis-server and deletes its working folder.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (TimeoutException)
        {
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <inheritdoc />
    public override string ToString() => Url;
}
