using System.Reflection;

namespace SocketIO.ConformanceServer.Tests.Support;

/// <summary>Paths in the repository and the tests' time limits.</summary>
internal static class Repo
{
    /// <summary>How long a server start-up or a node run may take before the test fails.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>The timeout of every other awaited call.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The repository root (the folder holding Modular.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The built server, in the configuration of this test assembly.</summary>
    public static string ServerDll { get; } = Path.Combine(Root, "tests", "ConformanceServer", "bin", Configuration(), "net10.0", "ConformanceServer.dll");

    private static string Configuration() =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Modular.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Modular.sln not found above {AppContext.BaseDirectory}.");
    }
}
