using SocketIO.Packages.Tests.Support;

namespace SocketIO.Packages.Tests;

/// <summary>README.md's Packages section keeps up with the packages that exist.</summary>
public class ReadmeTests
{
    [Fact]
    public async Task Packages_section_shows_how_to_add_each_package_and_the_local_feed_at_the_current_version()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "README.md")).WaitAsync(Repo.Wait);
        var start = readme.IndexOf("\n## Packages\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Packages' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];

        foreach (var project in SourceProject.All)
        {
            Assert.Contains($"dotnet add package {project.PackageId}", section);
            Assert.Contains($"`{project.PackageId}`", readme); // the package table
        }
        Assert.Contains("artifacts/packages", section);
        Assert.Contains("<add key=", section);
        Assert.Contains($"--version {Feed.Version}", section);
    }
}
