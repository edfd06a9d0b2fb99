using System.Reflection;

namespace SocketIO.TestSupport;

/// <summary>Paths in the repository the tests run from, the build configuration, and the common time limits.</summary>
public static class Repo
{
    /// <summary>How long a start-up (server, broker, script) may take before the test fails.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>The timeout of every other awaited call.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The repository root (the folder holding Modular.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration (Release or Debug) these tests were built in, which is also the samples' build.</summary>
    public static string Configuration { get; } =
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";

    /// <summary>The repository's node_modules folder.</summary>
    public static string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>A path below the repository root, e.g. <c>Repo.File("tests", "TestSupport", "js", "emitter.js")</c>.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The built assembly of samples/<paramref name="sample"/> (samples/X/bin/&lt;Configuration&gt;/net10.0/X.dll).</summary>
    public static string SampleDll(string sample) =>
        Path.Combine(Root, "samples", sample, "bin", Configuration, "net10.0", sample + ".dll");

    /// <summary>The built assembly of the project in tests/<paramref name="project"/> named <paramref name="assembly"/>.</summary>
    public static string TestHostDll(string project, string assembly) =>
        Path.Combine(Root, "tests", project, "bin", Configuration, "net10.0", assembly + ".dll");

    /// <summary>A script of tests/TestSupport/js.</summary>
    public static string SupportScript(string name) => Path.Combine(Root, "tests", "TestSupport", "js", name);

    /// <summary>Fails the test with a clear message when an npm package the test needs is not installed.</summary>
    public static void RequireNodePackage(string package)
    {
        var manifest = Path.Combine(NodeModules, package, "package.json");
        Assert.True(System.IO.File.Exists(manifest),
            $"node_modules/{package} is missing: run `npm ci` at the repository root (./test.sh does).");
    }

    /// <summary>The dotnet host running the tests (dotnet test sets DOTNET_HOST_PATH), else dotnet on the PATH.</summary>
    public static string DotNetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && System.IO.File.Exists(path) ? path : "dotnet";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Modular.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Modular.sln not found above {AppContext.BaseDirectory}.");
    }
}
