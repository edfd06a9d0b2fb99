using System.Text.Json.Nodes;

namespace SocketIO.Cluster.Tests.Support;

/// <summary>One-shot operations of the official <c>@socket.io/redis-emitter</c> (tests/TestSupport/js/emitter.js), e.g. from a Node service.</summary>
public static class RedisEmitter
{
    /// <summary><c>emitter.to(rooms).except(except).emit(eventName, ...args)</c>; empty <paramref name="to"/> means everyone.</summary>
    public static Task EmitAsync(string redisUrl, string[] to, string[] except, string eventName, params object?[] args) =>
        RunAsync(redisUrl, new JsonObject
        {
            ["op"] = "emit",
            ["to"] = JsJson.ToNode(to),
            ["except"] = JsJson.ToNode(except),
            ["event"] = eventName,
            ["args"] = JsJson.ToArray(args),
        });

    /// <summary><c>emitter.serverSideEmit(eventName, ...args)</c>.</summary>
    public static Task ServerSideEmitAsync(string redisUrl, string eventName, params object?[] args) =>
        RunAsync(redisUrl, new JsonObject { ["op"] = "serverSideEmit", ["event"] = eventName, ["args"] = JsJson.ToArray(args) });

    /// <summary><c>emitter.in(rooms).socketsJoin(room)</c>.</summary>
    public static Task SocketsJoinAsync(string redisUrl, string[] rooms, string room) =>
        RunAsync(redisUrl, new JsonObject { ["op"] = "socketsJoin", ["in"] = JsJson.ToNode(rooms), ["room"] = room });

    /// <summary><c>emitter.in(rooms).socketsLeave(room)</c>.</summary>
    public static Task SocketsLeaveAsync(string redisUrl, string[] rooms, string room) =>
        RunAsync(redisUrl, new JsonObject { ["op"] = "socketsLeave", ["in"] = JsJson.ToNode(rooms), ["room"] = room });

    /// <summary><c>emitter.in(rooms).disconnectSockets(close)</c>.</summary>
    public static Task DisconnectSocketsAsync(string redisUrl, string[] rooms, bool close) =>
        RunAsync(redisUrl, new JsonObject { ["op"] = "disconnectSockets", ["in"] = JsJson.ToNode(rooms), ["close"] = close });

    private static async Task RunAsync(string redisUrl, JsonObject operation)
    {
        Repo.RequireNodePackage("@socket.io/redis-emitter");
        await NodeScript.RunAsync(Repo.SupportScript("emitter.js"), [redisUrl, operation.ToJsonString()], deadline: Repo.Timeout + Repo.Timeout);
    }
}
