using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SocketIO.TestSupport;

/// <summary>
/// A server running as its own process (<c>dotnet &lt;dll&gt;</c> of a built sample or test host, or <c>node &lt;script&gt;</c>).
/// Its address comes from the line it prints once listening (<c>… listening on http://127.0.0.1:NNNN …</c>, on stdout or stderr).
/// </summary>
public sealed partial class ProcessHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProcessHost(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>A short name for messages (e.g. <c>node cluster-node.js A</c>).</summary>
    public string Name { get; }

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1");

    /// <summary>The base address as a string without a trailing slash.</summary>
    public string BaseUrl => Url.GetLeftPart(UriPartial.Authority);

    /// <summary>Everything the process printed on stdout and stderr so far.</summary>
    public ProcessOutput Output { get; } = new();

    /// <summary>The process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> with PORT=0 unless <paramref name="environment"/> sets it; fails clearly if the dll is not built.</summary>
    public static Task<ProcessHost> StartDotNetAsync(string dll, IReadOnlyDictionary<string, string>? environment = null, string? name = null)
    {
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is not built: build it (or Modular.sln) in {Repo.Configuration} first.");
        var psi = NewStartInfo(Repo.DotNetHost);
        psi.ArgumentList.Add(dll);
        psi.Environment["PORT"] = "0";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return StartAsync(psi, environment, name ?? $"dotnet {Path.GetFileName(dll)}");
    }

    /// <summary>Starts <c>node <paramref name="script"/> <paramref name="args"/></c> from the repository root, with PORT=0 unless <paramref name="environment"/> sets it.</summary>
    public static Task<ProcessHost> StartNodeAsync(string script, IReadOnlyDictionary<string, string>? environment = null, string? name = null, params string[] args)
    {
        var psi = NewStartInfo("node");
        psi.ArgumentList.Add(script);
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        psi.Environment["PORT"] = "0";
        return StartAsync(psi, environment, name ?? $"node {Path.GetFileName(script)}");
    }

    /// <summary>Starts any process and waits (up to <see cref="Repo.Wait"/>) for its "listening on" line.</summary>
    public static async Task<ProcessHost> StartAsync(ProcessStartInfo psi, IReadOnlyDictionary<string, string>? environment, string name)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        // Test-run settings of the parent must not leak into the server.
        psi.Environment.Remove("PARSER");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[key] = value;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var host = new ProcessHost(process, name);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            host.Output.Add(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } m)
                host._listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            host.Output.Add(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } m)
                host._listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.Exited += (_, _) => host._listening.TrySetException(
            new InvalidOperationException($"{name} exited before listening:\n{host.Output}"));
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"{psi.FileName} could not be started ({ex.Message}); is it installed?", ex);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            host.Url = await host._listening.Task.WaitAsync(Repo.Wait);
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync();
            throw new TimeoutException($"{name} did not print its address within {Repo.Wait}:\n{host.Output}");
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code. Fails if it does not stop within <paramref name="timeout"/> (default 15 s).</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
            Signals.Send(_process.Id, Signals.SIGTERM);
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not stop within {limit} of SIGTERM:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>Sends SIGKILL (no clean-up of any kind in the process) and waits for the exit.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            Signals.Send(_process.Id, Signals.SIGKILL);
        await _process.WaitForExitAsync().WaitAsync(Repo.Timeout);
    }

    /// <summary>Sends SIGSTOP: the process stays alive with its connections open but does nothing (a stuck node).</summary>
    public void Pause() => Signals.Send(_process.Id, Signals.SIGSTOP);

    /// <summary>Sends SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signals.Send(_process.Id, Signals.SIGCONT);

    /// <summary>Kills the process tree if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Signals.Send(_process.Id, Signals.SIGCONT);
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        catch (TimeoutException)
        {
            // Left to the OS; nothing more a test can do.
        }
        _process.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} at {BaseUrl}";

    internal static ProcessStartInfo NewStartInfo(string fileName) => new(fileName)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
        WorkingDirectory = Repo.Root,
    };

    // "… listening on http://127.0.0.1:N …" as the samples print it; ASP.NET's "Now listening on: http://…" also fits.
    [GeneratedRegex(@"listening on:? (http://[^\s/]+)")]
    private static partial Regex ListeningLine();
}
