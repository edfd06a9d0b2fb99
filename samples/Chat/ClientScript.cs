namespace Chat;

/// <summary>Finds the official browser client (socket.io.min.js from the npm package socket.io-client).</summary>
internal static class ClientScript
{
    private const string NpmPath = "node_modules/socket.io-client/dist/socket.io.min.js";

    public const string Missing =
        "socket.io.min.js was not found: run 'npm ci' at the repository root (./test.sh does), then rebuild samples/Chat.";

    /// <summary>The copy made at build time, else the repo's node_modules above the binary; null when neither exists.</summary>
    public static string? Find(string webRoot)
    {
        var copied = Path.Combine(webRoot, "socket.io.min.js");
        if (File.Exists(copied))
            return copied;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, NpmPath);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
