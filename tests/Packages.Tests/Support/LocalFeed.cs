namespace SocketIO.Packages.Tests.Support;

/// <summary>
/// artifacts/packages as a NuGet feed. ./test.sh packs every src/ project into it after the build;
/// when a test runs on its own, a package that is missing or older than its built assembly is
/// packed here the same way (dotnet pack --no-build), so the tests never read a stale package.
/// </summary>
internal static class LocalFeed
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Makes sure every src/ project has a current package and symbol package in the feed.</summary>
    public static async Task EnsurePackedAsync()
    {
        if (!await Gate.WaitAsync(Feed.Slow))
            throw new TimeoutException("Another test is still packing.");
        try
        {
            foreach (var project in SourceProject.All)
            {
                Assert.True(File.Exists(project.BuiltAssembly),
                    $"{project.BuiltAssembly} is missing: build Modular.sln (or this test project) in {Repo.Configuration} first.");
                var built = File.GetLastWriteTimeUtc(project.BuiltAssembly);
                if (File.Exists(project.Package) && File.Exists(project.SymbolPackage) && File.GetLastWriteTimeUtc(project.Package) >= built)
                    continue;
                var packed = await Command.RunAsync(Repo.DotNetHost, Repo.Root,
                    ["pack", project.ProjectFile, "-c", Repo.Configuration, "--no-build", "-nologo", "-v", "quiet", "-o", Feed.Folder]);
                packed.EnsureSuccess($"dotnet pack src/{project.Name}");
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
