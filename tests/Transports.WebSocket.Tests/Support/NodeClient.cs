using System.Text.Json;
using SocketIO.TestSupport;

namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>Runs js/client.js (the official socket.io-client) for one scenario and returns its JSON result.</summary>
internal static class NodeClient
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="scenario"/> against <paramref name="server"/>; <paramref name="environment"/> adds variables for the script.</summary>
    public static Task<JsonElement> RunAsync(Uri server, string mode, string scenario, IReadOnlyDictionary<string, string>? environment = null)
    {
        Repo.RequireNodePackage("socket.io-client");
        var env = new Dictionary<string, string>
        {
            ["NODE_PATH"] = Repo.NodeModules,
            ["DEBUG"] = "socket.io-client*,engine.io-client*",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            env[name] = value;
        return NodeScript.RunAsync(Path.Combine("tests", "Transports.WebSocket.Tests", "js", "client.js"),
            [server.ToString().TrimEnd('/'), mode, scenario], env, Deadline);
    }
}
