using System.Security.Cryptography;
using System.Text.Json;
using SocketIO.Packages.Tests.Support;

namespace SocketIO.Packages.Tests;

/// <summary>
/// A new app that consumes the packages the way a user does — PackageReference from a NuGet feed —
/// restores, builds and serves the official Node client.
/// </summary>
public class ConsumerAppTests(ConsumerAppFixture app) : IClassFixture<ConsumerAppFixture>
{
    [Fact]
    public async Task Restore_takes_every_SocketIO_package_from_the_local_feed_as_a_package()
    {
        var assetsFile = Path.Combine(app.Folder, "obj", "project.assets.json");
        using var assets = JsonDocument.Parse(await File.ReadAllTextAsync(assetsFile).WaitAsync(Repo.Wait));
        var libraries = assets.RootElement.GetProperty("libraries");

        foreach (var project in SourceProject.All)
        {
            Assert.True(libraries.TryGetProperty($"{project.PackageId}/{Feed.Version}", out var library),
                $"{project.PackageId} {Feed.Version} is not in the app's restore graph");
            Assert.Equal("package", library.GetProperty("type").GetString());
            // The very bytes packed into artifacts/packages, not a package of the same name from elsewhere.
            await using var nupkg = File.OpenRead(project.Package);
            var sha512 = Convert.ToBase64String(await SHA512.HashDataAsync(nupkg).AsTask().WaitAsync(Repo.Wait));
            Assert.Equal(sha512, library.GetProperty("sha512").GetString());
            Assert.True(Directory.Exists(Path.Combine(app.RestoredPackages, project.PackageId.ToLowerInvariant(), Feed.Version)),
                $"{project.PackageId} was not restored into the app's own packages folder");
        }
    }

    [Fact]
    public async Task App_built_from_the_packages_serves_the_official_client_over_polling_then_WebSocket()
    {
        await using var server = await ProcessHost.StartDotNetAsync(app.AppDll, name: "the consumer app");

        var result = await EchoClientAsync(server, parser: null);

        Assert.Equal("polling", result.GetProperty("first").GetString());
        Assert.Equal("websocket", result.GetProperty("transport").GetString());
        Assert.Equal("echo: hi", result.GetProperty("reply").GetString());
    }

    [Fact]
    public async Task App_built_from_the_packages_speaks_MessagePack_with_the_official_msgpack_parser()
    {
        await using var server = await ProcessHost.StartDotNetAsync(app.AppDll, new Dictionary<string, string> { ["PARSER"] = "msgpack" }, "the consumer app");

        var result = await EchoClientAsync(server, parser: "msgpack");

        Assert.Equal("websocket", result.GetProperty("transport").GetString());
        Assert.Equal("echo: hi", result.GetProperty("reply").GetString());
    }

    /// <summary>Runs js/echo-client.js with node against the app and returns the JSON it prints.</summary>
    private static Task<JsonElement> EchoClientAsync(ProcessHost server, string? parser)
    {
        Repo.RequireNodePackage("socket.io-client");
        var environment = parser is null ? null : new Dictionary<string, string> { ["PARSER"] = parser };
        return NodeScript.RunAsync(Path.Combine("tests", "Packages.Tests", "js", "echo-client.js"), [server.BaseUrl], environment);
    }
}
