using System.Text.Json;

namespace SocketIO.Samples.Tests.Support;

/// <summary>Runs a script of tests/Samples.Tests/js (the official clients) and returns the JSON line it prints; an <c>error</c> in it is a result the tests read.</summary>
internal static class SampleScript
{
    public static Task<JsonElement> RunAsync(string script, params string[] args) => RunAsync(script, null, args);

    /// <summary>Runs the script with extra environment variables (PARSER is unset otherwise).</summary>
    public static Task<JsonElement> RunAsync(string script, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        Repo.RequireNodePackage("socket.io-client");
        return NodeScript.RunAsync(Path.Combine("tests", "Samples.Tests", "js", script), args, environment, allowErrorResult: true);
    }
}
