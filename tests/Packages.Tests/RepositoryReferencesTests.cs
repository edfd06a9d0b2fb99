using System.Text.RegularExpressions;
using SocketIO.Packages.Tests.Support;

namespace SocketIO.Packages.Tests;

/// <summary>
/// The repository stands alone: no file cites a design or wire document kept outside it. Comments
/// cite docs/protocol.md, docs/architecture.md or the upstream source (repository and file) instead.
/// </summary>
public partial class RepositoryReferencesTests
{
    [Fact]
    public async Task No_tracked_file_cites_a_document_outside_the_repository()
    {
        var hits = new List<string>();
        foreach (var relative in await TrackedFilesAsync())
        {
            var path = Path.Combine(Repo.Root, relative);
            if (!File.Exists(path) || IsBinary(path))
                continue;
            var lines = await File.ReadAllLinesAsync(path).WaitAsync(Repo.Wait);
            for (var i = 0; i < lines.Length; i++)
                if (OutsideCitation().Match(lines[i]) is { Success: true } m)
                    hits.Add($"{relative}:{i + 1}: {m.Value} — {lines[i].Trim()}");
        }

        Assert.True(hits.Count == 0,
            "These lines cite documents outside the repository; cite docs/protocol.md#…, docs/architecture.md or the upstream repository and file instead:\n"
            + string.Join('\n', hits));
    }

    [Fact]
    public void The_check_recognises_each_form_of_outside_citation()
    {
        // Built from pieces so that this file does not trip its own check.
        string[] cited = ["(" + "WI" + "RE 1.4)", "see " + "DESIGN" + ".md", "WI" + "RE.md section 2", "../" + "shared/x", "STYLE" + ".md", "/work/" + "shared/x"];
        Assert.All(cited, line => Assert.Matches(OutsideCitation(), line));
        Assert.DoesNotMatch(OutsideCitation(), "docs/protocol.md#polling; Wire.cs; wire format; wired");
    }

    [Fact]
    public async Task Every_link_to_a_section_of_docs_names_a_section_that_exists()
    {
        var anchors = new Dictionary<string, HashSet<string>>();
        foreach (var doc in Directory.GetFiles(Path.Combine(Repo.Root, "docs"), "*.md"))
        {
            var text = await File.ReadAllTextAsync(doc).WaitAsync(Repo.Wait);
            var ids = ExplicitAnchor().Matches(text).Select(m => m.Groups[1].Value)
                .Concat(Heading().Matches(text).Select(m => Slug(m.Groups[1].Value)));
            anchors[Path.GetFileName(doc)] = [.. ids];
        }
        Assert.Contains("protocol.md", anchors.Keys);
        Assert.Contains("architecture.md", anchors.Keys);

        var broken = new List<string>();
        foreach (var relative in await TrackedFilesAsync())
        {
            var path = Path.Combine(Repo.Root, relative);
            if (!File.Exists(path) || IsBinary(path))
                continue;
            var lines = await File.ReadAllLinesAsync(path).WaitAsync(Repo.Wait);
            var inDocs = relative.StartsWith("docs/", StringComparison.Ordinal);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in SectionLink().Matches(lines[i]))
                {
                    // A link naming a doc counts anywhere; a bare section link only inside a doc, where it means that doc.
                    var doc = m.Groups["doc"].Success ? m.Groups["doc"].Value + ".md" : inDocs ? Path.GetFileName(relative) : null;
                    if (doc is null)
                        continue;
                    if (!anchors.TryGetValue(doc, out var ids) || !ids.Contains(m.Groups["id"].Value))
                        broken.Add($"{relative}:{i + 1}: {m.Value}");
                }
            }
        }

        Assert.True(broken.Count == 0, "Links to sections that docs/ does not have:\n" + string.Join('\n', broken));
    }

    /// <summary>GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static string Slug(string heading) =>
        string.Concat(heading.Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')).Replace(' ', '-');

    [GeneratedRegex("<a id=\"([^\"]+)\"></a>")]
    private static partial Regex ExplicitAnchor();

    [GeneratedRegex(@"^#{1,6}\s+(.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"(?:(?<doc>protocol|architecture)\.md|\]\()#(?<id>[A-Za-z0-9_-]+)")]
    private static partial Regex SectionLink();

    /// <summary>git ls-files of the repository; without git (an exported tree), every file outside build output.</summary>
    private static async Task<IReadOnlyList<string>> TrackedFilesAsync()
    {
        var git = await Command.RunAsync("git", Repo.Root, ["ls-files", "-z"]);
        if (git.ExitCode == 0)
            return git.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] skipped = ["bin", "obj", "node_modules", "artifacts", "TestResults", ".git"];
        return Directory.EnumerateFiles(Repo.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repo.Root, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(skipped.Contains))
            .ToList();
    }

    private static bool IsBinary(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[Math.Min(8000, stream.Length)];
        stream.ReadExactly(head);
        return head.Contains((byte)0);
    }

    // The wire document's name as an upper-case word (its sections were cited as "<name> 1.4"), the design,
    // wire and style documents by file name, and the shared folder beside the repository. Written with
    // character classes so that this line does not match itself.
    [GeneratedRegex(@"\bW[I]RE\b|\b(?:W[I]RE|DESIG[N]|STYL[E])\.md\b|\.\./share[d]\b|/work/share[d]\b")]
    private static partial Regex OutsideCitation();
}
