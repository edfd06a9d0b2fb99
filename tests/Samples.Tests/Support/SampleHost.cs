using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SocketIO.Samples.Tests.Support;

/// <summary>
/// Runs a built sample as its own process with PORT=0 and learns its address from the line it
/// prints once listening ("… listening on http://127.0.0.1:NNNN …").
/// </summary>
public sealed partial class SampleHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SampleHost(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public Uri Url { get; private set; }

    /// <summary>The base address as a string without a trailing slash.</summary>
    public string BaseUrl => Url.GetLeftPart(UriPartial.Authority);

    /// <summary>Everything the process printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts samples/<paramref name="sample"/>; <paramref name="environment"/> adds variables (PARSER is unset otherwise).</summary>
    public static async Task<SampleHost> StartAsync(string sample, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Repo.SampleDll(sample);
        if (!File.Exists(dll))
            throw new InvalidOperationException($"samples/{sample} is not built ({dll} is missing): build tests/Samples.Tests or Modular.sln in {Repo.Configuration}.");
        var psi = new ProcessStartInfo(DotNetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        psi.ArgumentList.Add(dll);
        psi.Environment["PORT"] = "0";
        psi.Environment.Remove("PARSER");
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var host = new SampleHost(process, new Uri("http://127.0.0.1"));
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            host.Append(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } m)
                listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                host.Append(e.Data);
        };
        process.Exited += (_, _) => listening.TrySetException(
            new InvalidOperationException($"samples/{sample} exited before listening:\n{host.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            host.Url = await listening.Task.WaitAsync(Repo.Wait);
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync();
            throw new TimeoutException($"samples/{sample} did not print its address within {Repo.Wait}:\n{host.Output}");
        }
        return host;
    }

    private void Append(string line)
    {
        lock (_output)
            _output.AppendLine(line);
    }

    /// <summary>The dotnet host running the tests (dotnet test sets DOTNET_HOST_PATH), else dotnet on the PATH.</summary>
    private static string DotNetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

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

    /// <summary>The raw TCP endpoint a sample printed ("tcp://127.0.0.1:NNNN"), if any.</summary>
    public System.Net.IPEndPoint? TcpEndPoint =>
        TcpLine().Match(Output) is { Success: true } m ? System.Net.IPEndPoint.Parse(m.Groups[1].Value) : null;

    [GeneratedRegex(@"tcp://([0-9.]+:[0-9]+)")]
    private static partial Regex TcpLine();

    [GeneratedRegex(@"listening on ((?:http|tcp)://[^\s/,]+)")]
    private static partial Regex ListeningLine();
}
