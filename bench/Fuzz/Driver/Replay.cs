using SocketIO.Fuzz;

namespace SocketIO.Fuzz.Driver;

/// <summary>Runs files through a target and reports every finding with its exception.</summary>
internal static class Replay
{
    public static int Run(FuzzTarget target, string[] paths)
    {
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p])
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var failures = 0;
        var acceptedBefore = Outcome.Accepted;
        foreach (var file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception ex)
            {
                failures++;
                Console.WriteLine($"FAIL {file}: {ex}");
            }
        }
        Console.WriteLine($"{target.Name}: {files.Count} inputs ({Outcome.Accepted - acceptedBefore} accepted), {failures} findings");
        return failures == 0 ? 0 : 1;
    }
}
