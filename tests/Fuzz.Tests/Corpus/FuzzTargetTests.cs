namespace SocketIO.Fuzz.Tests.Corpus;

/// <summary>The oracle around every target: what counts as a finding.</summary>
[Collection(ReplayCollection.Name)]
public class FuzzTargetTests
{
    [Fact]
    public void An_exception_escaping_the_decoder_is_a_finding()
    {
        var target = new FuzzTarget("throws", "test", input => { if (input.Length > 0) throw new InvalidOperationException("boom"); });
        target.Run([]);
        Assert.Throws<InvalidOperationException>(() => target.Run([1]));
    }

    [Fact]
    public void Allocation_past_the_budget_is_a_finding()
    {
        var target = new FuzzTarget("allocates", "test", input => GC.KeepAlive(new byte[input.Length * 1000 + (input.Length > 0 ? 16 << 20 : 0)]));
        target.Run([]);
        var error = Assert.Throws<FuzzFailure>(() => target.Run(new byte[10]));
        Assert.Contains("allocated", error.Message);
    }

    [Fact]
    public void Every_target_has_a_corpus_folder_and_a_unique_name()
    {
        Assert.Equal(FuzzTargets.All.Count, FuzzTargets.All.Select(t => t.Name).Distinct().Count());
        foreach (var target in FuzzTargets.All)
            Assert.True(Directory.Exists(Repo.File("bench", "Fuzz", "corpus", target.Name)), target.Name);
    }
}
