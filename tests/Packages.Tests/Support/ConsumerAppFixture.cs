using System.Security;

namespace SocketIO.Packages.Tests.Support;

/// <summary>
/// A new ASP.NET Core app in a temporary folder, as a user would write it: a nuget.config that adds
/// the local feed to the user's usual sources, a PackageReference to every packed package at the
/// current version, and ConsumerApp/Program.cs. The SocketIO packages are restored into a fresh
/// folder of its own (so no copy cached by an earlier run can stand in for them); every other
/// package comes from the machine's global packages folder, where the repository's build put it.
/// </summary>
public sealed class ConsumerAppFixture : IAsyncLifetime
{
    private DirectoryInfo? _folder;

    /// <summary>The app's folder.</summary>
    public string Folder => _folder?.FullName ?? throw new InvalidOperationException("The app was not created.");

    /// <summary>Where its restore put the packages.</summary>
    public string RestoredPackages => Path.Combine(Folder, "packages");

    /// <summary>The built app.</summary>
    public string AppDll => Path.Combine(Folder, "bin", "Release", "net10.0", "ConsumerApp.dll");

    public async Task InitializeAsync()
    {
        await LocalFeed.EnsurePackedAsync().WaitAsync(Feed.Slow);
        _folder = Directory.CreateTempSubdirectory("socketio-packages-consumer-");

        // Stops MSBuild from looking for Directory.Build.* files above the temporary folder.
        await WriteAsync("Directory.Build.props", "<Project />\n");
        await WriteAsync("Directory.Build.targets", "<Project />\n");
        // No <clear/>: the local feed comes in addition to the sources the user already has.
        await WriteAsync("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="socketio-local" value="{Xml(Feed.Folder)}" />
              </packageSources>
            </configuration>
            """);
        var references = string.Join("\n", SourceProject.All.Select(p =>
            $"""    <PackageReference Include="{p.PackageId}" Version="[{Feed.Version}]" />"""));
        await WriteAsync("ConsumerApp.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestorePackagesPath>{Xml(RestoredPackages)}</RestorePackagesPath>
                <RestoreAdditionalProjectFallbackFolders>{Xml(GlobalPackagesFolder())}</RestoreAdditionalProjectFallbackFolders>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);
        File.Copy(Path.Combine(Repo.Root, "tests", "Packages.Tests", "ConsumerApp", "Program.cs"), Path.Combine(Folder, "Program.cs"));

        var build = await Command.RunAsync(Repo.DotNetHost, Folder, ["build", "ConsumerApp.csproj", "-c", "Release", "-nologo", "-v", "quiet"]);
        build.EnsureSuccess($"dotnet build of the consumer app in {Folder}");
    }

    public Task DisposeAsync()
    {
        try
        {
            _folder?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
        return Task.CompletedTask;
    }

    private Task WriteAsync(string name, string text) => File.WriteAllTextAsync(Path.Combine(Folder, name), text).WaitAsync(Repo.Wait);

    private static string Xml(string text) => SecurityElement.Escape(text);

    /// <summary>NuGet's global packages folder: $NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
