using System.ComponentModel;
using System.Diagnostics;

namespace SocketIO.TestSupport;

/// <summary>
/// A rabbitmq-server node of the test's own: node name <c>n&lt;guid&gt;@localhost</c>, a free AMQP port and distribution port
/// on 127.0.0.1, and its database, logs and Erlang cookie in a temporary folder. Runs as a child process (the
/// Debian wrapper, which would switch to the rabbitmq user, is bypassed) and is ready once
/// <c>rabbitmqctl await_startup</c> succeeds.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Dictionary<string, string> _environment;
    private Process? _process;

    private RabbitMqServer(string directory, int port, int distPort)
    {
        _directory = directory;
        Port = port;
        DistPort = distPort;
        NodeName = $"n{Guid.NewGuid():N}@localhost";
        _environment = new Dictionary<string, string>
        {
            // The cookie lives in $HOME: one of our own, shared by the node and rabbitmqctl.
            ["HOME"] = directory,
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(),
            ["RABBITMQ_DIST_PORT"] = distPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(directory, "enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(directory, "rabbitmq-env.conf"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(directory, "rabbitmq"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(directory, "rabbitmq.pid"),
            // Loopback only: epmd (if this node starts it) and the distribution listener.
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        };
    }

    /// <summary>The node name, <c>n&lt;guid&gt;@localhost</c>.</summary>
    public string NodeName { get; }

    /// <summary>The AMQP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The Erlang distribution port (used by rabbitmqctl).</summary>
    public int DistPort { get; }

    /// <summary>The AMQP URL, <c>amqp://guest:guest@127.0.0.1:P</c>.</summary>
    public string Url => $"amqp://guest:guest@127.0.0.1:{Port}";

    /// <summary>What the node printed.</summary>
    public ProcessOutput Output { get; } = new();

    /// <summary>Starts the node and waits until it accepts AMQP connections (a few seconds). Fails clearly when RabbitMQ is not installed.</summary>
    public static async Task<RabbitMqServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("rabbitmq-test-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "enabled_plugins"), "[].\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "rabbitmq-env.conf"), "");
        var server = new RabbitMqServer(directory, FreePort.Next(), FreePort.Next());
        try
        {
            await server.RunAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Stops the RabbitMQ application (<c>rabbitmqctl stop_app</c>): every AMQP connection is closed, the node stays up.</summary>
    public Task StopAppAsync() => CtlAsync("stop_app");

    /// <summary>Starts the RabbitMQ application again (<c>rabbitmqctl start_app</c>) and waits until it is up.</summary>
    public async Task StartAppAsync()
    {
        await CtlAsync("start_app");
        await CtlAsync("await_startup", "--timeout", "60");
    }

    /// <summary>Runs <c>rabbitmqctl -n &lt;node&gt; <paramref name="args"/></c> and returns its stdout; throws with its output when it fails.</summary>
    public async Task<string> CtlAsync(params string[] args)
    {
        var (code, output) = await RunCtlAsync(args);
        if (code != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} failed (exit {code}):\n{output}\nnode output:\n{Output}");
        return output;
    }

    private async Task RunAsync()
    {
        var psi = ProcessHost.NewStartInfo(Tool("rabbitmq-server"));
        psi.WorkingDirectory = _directory;
        foreach (var (key, value) in _environment)
            psi.Environment[key] = value;
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
            Assert.Fail($"rabbitmq-server could not be started ({ex.Message}): install it (apt-get install rabbitmq-server; ./test.sh does).");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        // `rabbitmqctl wait` waits for the pid file and then for the node to finish booting;
        // await_startup alone answers "not running" while the VM is still starting.
        var wait = RunCtlAsync(["wait", _environment["RABBITMQ_PID_FILE"], "--timeout", "60"]);
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(wait, exited).WaitAsync(Repo.Wait + TimeSpan.FromSeconds(10));
        if (first == exited)
            throw new InvalidOperationException($"rabbitmq-server exited with {process.ExitCode} during start-up:\n{Output}");
        var (code, output) = await wait;
        if (code != 0)
            throw new InvalidOperationException($"rabbitmq node {NodeName} did not start (rabbitmqctl wait exit {code}):\n{output}\nnode output:\n{Output}");
        await CtlAsync("await_startup", "--timeout", "60");
    }

    private async Task<(int Code, string Output)> RunCtlAsync(IReadOnlyList<string> args)
    {
        var psi = ProcessHost.NewStartInfo(Tool("rabbitmqctl"));
        psi.WorkingDirectory = _directory;
        foreach (var (key, value) in _environment)
            psi.Environment[key] = value;
        psi.ArgumentList.Add("-n");
        psi.ArgumentList.Add(NodeName);
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"rabbitmqctl could not be started ({ex.Message}): install rabbitmq-server (./test.sh does).");
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Repo.Wait + TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"rabbitmqctl {string.Join(' ', args)} did not finish within {Repo.Wait}");
        }
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    // Debian's /usr/sbin scripts re-run themselves as the rabbitmq user (su), which would put the node
    // out of reach of Process.Kill and of our temporary folder's permissions; the real scripts are in /usr/lib.
    private static string Tool(string name)
    {
        var direct = Path.Combine("/usr/lib/rabbitmq/bin", name);
        return File.Exists(direct) ? direct : name;
    }

    /// <summary>Kills the node (its whole process tree) and deletes the temporary folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            try
            {
                if (!_process.HasExited)
                    _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(Repo.Timeout);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
            }
            _process.Dispose();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{NodeName} at {Url}";
}
