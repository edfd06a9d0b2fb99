namespace SocketIO.Fuzz.Tests.Corpus;

/// <summary>
/// Replays bench/Fuzz/corpus/&lt;target&gt;/ through each fuzz target: the seeds from the official encoders, what
/// afl-fuzz campaigns kept (queue-*), and every crash and hang ever found (crash-*, hang-*), fixed since.
/// A file that makes a target throw, break an invariant, allocate past its budget or hang fails the test.
/// </summary>
[Collection(ReplayCollection.Name)]
public class CorpusReplayTests
{
    public static TheoryData<string> Targets => new(FuzzTargets.All.Select(t => t.Name));

    private static string[] Files(string target) =>
        Directory.EnumerateFiles(Repo.File("bench", "Fuzz", "corpus", target))
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Every_corpus_file_runs_clean(string name)
    {
        var target = FuzzTargets.Get(name);
        var files = Files(name);
        Assert.NotEmpty(files);
        var failures = await Task.Run(() =>
        {
            var found = new List<string>();
            foreach (var file in files)
            {
                try
                {
                    target.Run(File.ReadAllBytes(file));
                }
                catch (Exception ex)
                {
                    found.Add($"{Path.GetFileName(file)}: {ex.GetType().Name}: {ex.Message}");
                }
            }
            return found;
        }).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(failures.Count == 0, $"{failures.Count} of {files.Length} files failed:\n{string.Join('\n', failures.Take(20))}");
    }

    /// <summary>The seeds must reach the decoders' success paths, or the replay (and the campaign) only tests refusals.</summary>
    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Most_seeds_decode(string name)
    {
        var target = FuzzTargets.Get(name);
        var seeds = Files(name).Where(f => Path.GetFileName(f).StartsWith("seed-", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(seeds);
        var accepted = await Task.Run(() =>
        {
            var before = Outcome.Accepted;
            foreach (var seed in seeds)
                target.Run(File.ReadAllBytes(seed));
            return Outcome.Accepted - before;
        }).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(accepted * 4 >= seeds.Length * 3, $"{accepted} of {seeds.Length} seeds decoded");
    }
}
