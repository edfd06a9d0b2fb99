using System.Reflection;

namespace SocketIO.Packages.Tests.Support;

/// <summary>The local package feed and what every package in it must carry, as this build set it.</summary>
internal static class Feed
{
    /// <summary>How long one build or pack of a project may take before the test fails.</summary>
    public static readonly TimeSpan Slow = TimeSpan.FromMinutes(3);

    /// <summary>artifacts/packages, where ./test.sh packs every src/ project.</summary>
    public static string Folder => Path.Combine(Repo.Root, "artifacts", "packages");

    /// <summary>The version every package must carry (VersionPrefix in Directory.Build.props).</summary>
    public static string Version { get; } = Metadata("PackageVersion");

    /// <summary>The repository URL every package must name (Directory.Build.props).</summary>
    public static string RepositoryUrl { get; } = Metadata("RepositoryUrl");

    private static string Metadata(string key) =>
        typeof(Feed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");
}
