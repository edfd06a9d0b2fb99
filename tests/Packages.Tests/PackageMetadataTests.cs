using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text.Json;
using SocketIO.Packages.Tests.Support;

namespace SocketIO.Packages.Tests;

/// <summary>Each src/ project's package carries the metadata, readme, docs and symbols a NuGet user expects.</summary>
public class PackageMetadataTests
{
    // The tags src/Directory.Build.props gives every package; each adds its own after them.
    private static readonly string[] SharedTags = ["socket.io", "socketio", "engine.io", "websocket", "realtime"];

    // The Portable PDB custom debug information kind that holds the SourceLink JSON.
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Theory]
    [MemberData(nameof(SourceProject.Names), MemberType = typeof(SourceProject))]
    public async Task Package_has_its_id_version_description_tags_license_repository_and_readme(string name)
    {
        var project = SourceProject.Named(name);
        await LocalFeed.EnsurePackedAsync().WaitAsync(Feed.Slow);
        using var package = ZipFile.OpenRead(project.Package);
        var nuspec = Nuspec.Read(package, project.PackageId);

        Assert.Equal(project.PackageId, nuspec.Value("id"));
        Assert.Equal(Feed.Version, nuspec.Value("version"));
        var description = nuspec.Value("description");
        Assert.False(string.IsNullOrWhiteSpace(description) || description == "Package Description", $"{name}: no description of its own");
        var tags = nuspec.Value("tags")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        Assert.Subset(tags.ToHashSet(), SharedTags.ToHashSet());
        Assert.True(tags.Length > SharedTags.Length, $"{name}: no tags of its own beyond the shared ones ({string.Join(' ', tags)})");

        var license = nuspec.Element("license");
        Assert.Equal("expression", license?.Attribute("type")?.Value);
        Assert.Equal("MIT", license?.Value);
        Assert.Equal(Feed.RepositoryUrl, nuspec.Value("projectUrl"));
        var repository = nuspec.Element("repository");
        Assert.Equal("git", repository?.Attribute("type")?.Value);
        Assert.Equal(Feed.RepositoryUrl, repository?.Attribute("url")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository?.Attribute("commit")?.Value ?? "");

        // The package readme is the project's own README.md.
        Assert.Equal("README.md", nuspec.Value("readme"));
        var packedReadme = await ReadAsync(package, "README.md");
        var readme = await File.ReadAllTextAsync(Path.Combine(project.Directory, "README.md")).WaitAsync(Repo.Wait);
        Assert.Equal(readme.ReplaceLineEndings("\n"), packedReadme.ReplaceLineEndings("\n"));
        Assert.Contains($"# {project.PackageId}", readme);
    }

    [Theory]
    [MemberData(nameof(SourceProject.Names), MemberType = typeof(SourceProject))]
    public async Task Package_ships_the_assembly_with_its_XML_docs_and_depends_on_no_plug_in(string name)
    {
        var project = SourceProject.Named(name);
        await LocalFeed.EnsurePackedAsync().WaitAsync(Feed.Slow);
        using var package = ZipFile.OpenRead(project.Package);

        var entries = package.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains($"lib/net10.0/{project.AssemblyName}.dll", entries);
        Assert.Contains($"lib/net10.0/{project.AssemblyName}.xml", entries);

        // The dependency rule, as a user's restore sees it: a plug-in depends on SocketIO.Core (same version) only.
        var ours = Nuspec.Read(package, project.PackageId).Dependencies()
            .Where(d => d.Id.StartsWith("SocketIO.", StringComparison.Ordinal))
            .ToList();
        if (project.PackageId == "SocketIO.Core")
            Assert.Empty(ours);
        else
            Assert.Equal([("SocketIO.Core", Feed.Version)], ours);
    }

    [Theory]
    [MemberData(nameof(SourceProject.Names), MemberType = typeof(SourceProject))]
    public async Task Symbol_package_has_a_PDB_whose_SourceLink_points_at_the_repository_commit(string name)
    {
        var project = SourceProject.Named(name);
        await LocalFeed.EnsurePackedAsync().WaitAsync(Feed.Slow);
        string commit;
        using (var package = ZipFile.OpenRead(project.Package))
            commit = Nuspec.Read(package, project.PackageId).Element("repository")!.Attribute("commit")!.Value;

        using var symbols = ZipFile.OpenRead(project.SymbolPackage);
        var pdbEntry = symbols.GetEntry($"lib/net10.0/{project.AssemblyName}.pdb");
        Assert.True(pdbEntry is not null, $"{project.SymbolPackage} has no lib/net10.0/{project.AssemblyName}.pdb");
        using var pdb = new MemoryStream();
        await using (var stream = pdbEntry.Open())
            await stream.CopyToAsync(pdb).WaitAsync(Repo.Wait);
        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
            .Select(info => reader.GetBlobBytes(info.Value))
            .SingleOrDefault();
        Assert.True(sourceLink is not null, $"{project.AssemblyName}.pdb has no SourceLink: the git root was not mapped to {Feed.RepositoryUrl}");

        using var json = JsonDocument.Parse(sourceLink);
        var targets = json.RootElement.GetProperty("documents").EnumerateObject().Select(d => d.Value.GetString()!).ToList();
        Assert.NotEmpty(targets);
        var repositoryPath = new Uri(Feed.RepositoryUrl).AbsolutePath.Trim('/');
        Assert.All(targets, url =>
        {
            Assert.StartsWith("https://", url);
            Assert.Contains($"{repositoryPath}/{commit}/", url);
        });
    }

    private static async Task<string> ReadAsync(ZipArchive package, string path)
    {
        var entry = package.GetEntry(path);
        Assert.True(entry is not null, $"{path} is missing from the package.");
        await using var stream = entry.Open();
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync().WaitAsync(Repo.Wait);
    }
}
