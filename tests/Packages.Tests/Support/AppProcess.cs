using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SocketIO.Packages.Tests.Support;

/// <summary>The consumer app running as its own process; its address comes from the "listening on" line it prints.</summary>
internal sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process) => _process = process;

    /// <summary>The app's base address, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Everything the app printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Runs <paramref name="dll"/> with the dotnet host and waits until it listens.</summary>
    public static async Task<AppProcess> StartAsync(string dll, IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            env[name] = value;
        var psi = Command.StartInfo(Command.DotNet, Path.GetDirectoryName(dll)!, [dll], env);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var app = new AppProcess(process);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            app.Append(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } m)
                listening.TrySetResult(m.Groups[1].Value);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                app.Append(e.Data);
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The consumer app exited before listening:\n{app.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            app.BaseUrl = await listening.Task.WaitAsync(Repo.Wait);
        }
        catch (TimeoutException)
        {
            await app.DisposeAsync();
            throw new TimeoutException($"The consumer app did not print its address within {Repo.Wait}:\n{app.Output}");
        }
        return app;
    }

    private void Append(string line)
    {
        lock (_output)
            _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://[^\s/]+)")]
    private static partial Regex ListeningLine();
}
