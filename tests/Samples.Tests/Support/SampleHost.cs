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
    public static System.Net.IPEndPoint? TcpEndPoint(this ProcessHost host) =>
        Line().Match(host.Output.ToString()) is { Success: true } m ? System.Net.IPEndPoint.Parse(m.Groups[1].Value) : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"tcp://([0-9.]+:[0-9]+)")]
    private static partial System.Text.RegularExpressions.Regex Line();
}
