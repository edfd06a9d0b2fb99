namespace SocketIO.Samples.Tests.Support;

/// <summary>Starts a built sample as its own process (PORT=0) through the shared <see cref="ProcessHost"/>.</summary>
internal static class SampleHost
{
    /// <summary>Starts samples/<paramref name="sample"/>; <paramref name="environment"/> adds variables (PARSER is unset otherwise).</summary>
    public static Task<ProcessHost> StartAsync(string sample, IReadOnlyDictionary<string, string>? environment = null) =>
        ProcessHost.StartDotNetAsync(Repo.SampleDll(sample), environment, $"samples/{sample}");
}

/// <summary>The raw TCP endpoint a sample printed (<c>tcp://127.0.0.1:NNNN</c>: samples/Devices, samples/Namespaces with TCP_PORT).</summary>
internal static partial class TcpEndPointLine
{
    /// <summary>Waits (up to <see cref="Repo.Wait"/>) for the line: it may follow the HTTP listening line the host was started on.</summary>
    public static async Task<System.Net.IPEndPoint> TcpEndPointAsync(this ProcessHost host)
    {
        var deadline = DateTime.UtcNow + Repo.Wait;
        while (true)
        {
            if (Line().Match(host.Output.ToString()) is { Success: true } m)
                return System.Net.IPEndPoint.Parse(m.Groups[1].Value);
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{host.Name} printed no tcp:// endpoint:\n{host.Output}");
            await Task.Delay(20);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"tcp://([0-9.]+:[0-9]+)")]
    private static partial System.Text.RegularExpressions.Regex Line();
}
