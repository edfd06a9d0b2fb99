using System.IO.Compression;
using System.Xml.Linq;

namespace SocketIO.Packages.Tests.Support;

/// <summary>The &lt;metadata&gt; of a package's .nuspec, read by local names (the XML namespace varies by NuGet version).</summary>
internal sealed class Nuspec(XElement metadata)
{
    /// <summary>Reads <c>{id}.nuspec</c> from a package.</summary>
    public static Nuspec Read(ZipArchive package, string id)
    {
        var entry = package.GetEntry($"{id}.nuspec") ?? throw new InvalidOperationException($"{id}.nuspec is missing from the package.");
        using var stream = entry.Open();
        var root = XDocument.Load(stream).Root!;
        return new Nuspec(root.Elements().Single(e => e.Name.LocalName == "metadata"));
    }

    /// <summary>The first child element with this local name.</summary>
    public XElement? Element(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>The text of the first child element with this local name.</summary>
    public string? Value(string name) => Element(name)?.Value;

    /// <summary>Every &lt;dependency&gt; of every group: id and version.</summary>
    public IEnumerable<(string Id, string Version)> Dependencies() =>
        metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(d => (d.Attribute("id")!.Value, d.Attribute("version")!.Value));
}
