namespace SocketIO.TestSupport.Tests;

public class ProcessAndScriptTests
{
    [Fact]
    public async Task NodeScript_returns_the_last_JSON_line_and_passes_arguments_environment_and_stdin()
    {
        var script = Path.Combine(Path.GetTempPath(), $"script-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(script, """
            let input = "";
            process.stdin.on("data", (d) => (input += d));
            process.stdin.on("end", () => {
              console.log("not json");
              console.log(JSON.stringify({ first: true }));
              console.log(JSON.stringify({ args: process.argv.slice(2), env: process.env.TEST_VALUE, input }));
            });
            """);
        try
        {
            var run = await NodeScript.RunRawAsync(script, ["x", "y z"], new Dictionary<string, string> { ["TEST_VALUE"] = "42" }, stdin: "hi");
            Assert.Equal(0, run.ExitCode);
            var result = run.LastJsonLine!.Value;
            Assert.Equal(["x", "y z"], result.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal("42", result.GetProperty("env").GetString());
            Assert.Equal("hi", result.GetProperty("input").GetString());
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task ProcessHost_learns_the_address_stops_on_SIGTERM_and_kills_on_SIGKILL()
    {
        await using var redis = await RedisServer.StartAsync();
        var env = new Dictionary<string, string> { ["REDIS_URL"] = redis.Url, ["NODE_NAME"] = "solo" };
        await using (var host = await ProcessHost.StartNodeAsync(Repo.SupportScript("cluster-node.js"), env))
        {
            Assert.StartsWith("http://127.0.0.1:", host.BaseUrl);
            Assert.Contains("listening on", host.Output.ToString());
            Assert.Equal(0, await host.StopAsync());
            Assert.True(host.HasExited);
        }
        await using (var host = await ProcessHost.StartNodeAsync(Repo.SupportScript("cluster-node.js"), env))
        {
            await host.KillAsync();
            Assert.True(host.HasExited);
        }
    }
}
