namespace SocketIO.Samples.Tests.Support;

/// <summary>Starts a built sample as its own process (PORT=0) through the shared <see cref="ProcessHost"/>.</summary>
internal static class SampleHost
{
    /// <summary>Starts samples/<paramref name="sample"/>; <paramref name="environment"/> adds variables (PARSER is unset otherwise).</summary>
    public static Task<ProcessHost> StartAsync(string sample, IReadOnlyDictionary<string, string>? environment = null) =>
        ProcessHost.StartDotNetAsync(Repo.SampleDll(sample), environment, $"samples/{sample}");
}
