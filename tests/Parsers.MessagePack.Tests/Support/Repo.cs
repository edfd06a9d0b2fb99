namespace SocketIO.Parsers.MessagePack.Tests.Support;

/// <summary>Paths in the source tree: the node scripts run from there so they find the repository's node_modules.</summary>
internal static class Repo
{
    private static readonly Lazy<string> ProjectDirectory = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SocketIO.Parsers.MessagePack.Tests.csproj")))
                return dir.FullName;
        }
        throw new InvalidOperationException("tests/Parsers.MessagePack.Tests not found above " + AppContext.BaseDirectory);
    });

    /// <summary>A file of the test project, e.g. <c>js/decode.js</c>.</summary>
    public static string TestFile(string relative) => Path.Combine(ProjectDirectory.Value, relative);
}
