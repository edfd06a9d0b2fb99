using SocketIO.Samples.Tests.Support;

namespace SocketIO.Samples.Tests;

/// <summary>README.md's quick start is code that compiles: samples/QuickStart/Program.cs, shown verbatim.</summary>
public class ReadmeTests
{
    [Fact]
    public async Task Quick_start_block_is_the_text_of_samples_QuickStart()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "README.md")).WaitAsync(Repo.Wait);
        var program = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "samples", "QuickStart", "Program.cs")).WaitAsync(Repo.Wait);

        var section = readme[readme.IndexOf("## Quick start", StringComparison.Ordinal)..];
        var start = section.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        var block = section[start..section.IndexOf("```\n", start, StringComparison.Ordinal)];

        Assert.Equal(program.ReplaceLineEndings("\n"), block.ReplaceLineEndings("\n"));
    }
}
