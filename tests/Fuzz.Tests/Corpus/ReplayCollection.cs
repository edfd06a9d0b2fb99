namespace SocketIO.Fuzz.Tests.Corpus;

/// <summary>
/// The allocation budget is measured process-wide (a transport's work runs on thread-pool threads), so the tests
/// that run targets must not share the process with the property tests' allocations: this collection runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplayCollection
{
    public const string Name = "Fuzz targets (alone)";
}
