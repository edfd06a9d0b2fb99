using System.Reflection;

namespace SocketIO.Packages.Tests.Support;

/// <summary>The repository the tests run from, and the build settings baked into this assembly.</summary>
internal static class Repo
{
    /// <summary>How long one build, pack, start-up or client run may take before the test fails.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromMinutes(3);

    /// <summary>The repository root (the folder holding Modular.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of this test assembly, which is also the build that gets packed.</summary>
    public static string Configuration { get; } = Metadata("Configuration") ?? "Debug";

    /// <summary>The version every package must carry (VersionPrefix in Directory.Build.props).</summary>
    public static string PackageVersion { get; } = Metadata("PackageVersion") ?? throw new InvalidOperationException("PackageVersion metadata missing.");

    /// <summary>The repository URL every package must name (Directory.Build.props).</summary>
    public static string RepositoryUrl { get; } = Metadata("RepositoryUrl") ?? throw new InvalidOperationException("RepositoryUrl metadata missing.");

    /// <summary>The local feed ./test.sh packs into.</summary>
    public static string PackagesFolder => Path.Combine(Root, "artifacts", "packages");

    private static string? Metadata(string key) =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Modular.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Modular.sln not found above {AppContext.BaseDirectory}.");
    }
}
