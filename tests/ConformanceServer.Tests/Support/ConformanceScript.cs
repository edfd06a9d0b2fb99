using System.Text.Json;

namespace SocketIO.ConformanceServer.Tests.Support;

/// <summary>Runs js/conformance.js (the official socket.io-client) against the server and returns its JSON line.</summary>
internal static class ConformanceScript
{
    public static Task<JsonElement> RunAsync(Uri server, string mode, string? parser)
    {
        Repo.RequireNodePackage("socket.io-client");
        var environment = parser is null ? null : new Dictionary<string, string> { ["PARSER"] = parser };
        return NodeScript.RunAsync(Path.Combine("tests", "ConformanceServer.Tests", "js", "conformance.js"),
            [server.ToString().TrimEnd('/'), mode], environment);
    }
}
