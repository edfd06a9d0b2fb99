using System.Xml.Linq;

namespace SocketIO.Packages.Tests.Support;

/// <summary>A project under src/, which is one NuGet package.</summary>
public sealed record SourceProject(string Name, string ProjectFile, string PackageId, string AssemblyName)
{
    /// <summary>Every src/*/*.csproj, by folder name.</summary>
    public static IReadOnlyList<SourceProject> All { get; } = Discover();

    /// <summary>The project's folder.</summary>
    public string Directory => Path.GetDirectoryName(ProjectFile)!;

    /// <summary>The built assembly that packing takes.</summary>
    public string BuiltAssembly => Path.Combine(Directory, "bin", Repo.Configuration, "net10.0", AssemblyName + ".dll");

    /// <summary>The package in the local feed.</summary>
    public string Package => Path.Combine(Feed.Folder, $"{PackageId}.{Feed.Version}.nupkg");

    /// <summary>Its symbols package.</summary>
    public string SymbolPackage => Path.ChangeExtension(Package, ".snupkg");

    /// <summary>xunit data: one row per project.</summary>
    public static TheoryData<string> Names() => [.. All.Select(p => p.Name)];

    /// <summary>The project in folder src/<paramref name="name"/>.</summary>
    public static SourceProject Named(string name) => All.Single(p => p.Name == name);

    public override string ToString() => Name;

    private static List<SourceProject> Discover()
    {
        var projects = new List<SourceProject>();
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Repo.Root, "src"), "*.csproj", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                     .Order(StringComparer.Ordinal))
        {
            var xml = XDocument.Load(file);
            string? Property(string name) => xml.Descendants(name).Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);
            var assembly = Property("AssemblyName") ?? Path.GetFileNameWithoutExtension(file);
            projects.Add(new SourceProject(Path.GetFileName(Path.GetDirectoryName(file))!, file, Property("PackageId") ?? assembly, assembly));
        }
        return projects;
    }
}
