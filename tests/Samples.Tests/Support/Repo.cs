using System.Reflection;

namespace SocketIO.Samples.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repo
{
    /// <summary>How long one start-up, script or browser step may take before the test fails.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>The repository root (the folder holding Modular.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of this test assembly, which is also the samples' build.</summary>
    public static string Configuration { get; } =
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";

    /// <summary>The built assembly of samples/<paramref name="sample"/>.</summary>
    public static string SampleDll(string sample) =>
        Path.Combine(Root, "samples", sample, "bin", Configuration, "net10.0", sample + ".dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Modular.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Modular.sln not found above {AppContext.BaseDirectory}.");
    }
}
