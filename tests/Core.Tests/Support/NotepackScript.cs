using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIO.TestSupport;

namespace SocketIO.Tests.Support;

/// <summary>What js/notepack.js made of one request: the encodings, and the JSON + attachments of the decodings.</summary>
internal sealed record NotepackResult(IReadOnlyList<byte[]> Encoded, IReadOnlyList<NotepackDecoded> Decoded);

/// <summary>One value decoded by notepack.io, as JSON with placeholders plus the attachments they name.</summary>
internal sealed record NotepackDecoded(string Json, IReadOnlyList<byte[]> Attachments);

/// <summary>
/// Runs tests/Core.Tests/js/notepack.js on one batch: the notepack.io 3 that @socket.io/redis-adapter uses, and for the
/// legacy forms the notepack.io 2 that socket.io-msgpack-parser uses.
/// </summary>
internal static class NotepackScript
{
    /// <summary>Encodes each (tagged value, notepack major version) and decodes each byte string, in one node run.</summary>
    public static async Task<NotepackResult> RunAsync(IEnumerable<(JsonNode Tagged, int With)> encode, IEnumerable<byte[]> decode)
    {
        Repo.RequireNodePackage("@socket.io/redis-adapter");
        Repo.RequireNodePackage("socket.io-msgpack-parser");
        var request = new JsonObject
        {
            ["encode"] = new JsonArray(encode.Select(c => (JsonNode)new JsonObject { ["v"] = c.Tagged, ["with"] = c.With }).ToArray()),
            ["decode"] = new JsonArray(decode.Select(b => (JsonNode)JsonValue.Create(Convert.ToHexString(b))).ToArray()),
        };
        var run = await NodeScript.RunRawAsync(Repo.File("tests", "Core.Tests", "js", "notepack.js"), stdin: request.ToJsonString());
        if (run.ExitCode != 0 || run.LastJsonLine is not { } result)
        {
            Assert.Fail($"node notepack.js failed (exit {run.ExitCode}).\nstderr:\n{run.Stderr}");
            throw new InvalidOperationException();
        }

        var encoded = new List<byte[]>();
        foreach (var item in result.GetProperty("encoded").EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                Assert.Fail($"notepack.js could not encode case {encoded.Count}: {item}");
            encoded.Add(Convert.FromHexString(item.GetString()!));
        }
        var decoded = new List<NotepackDecoded>();
        foreach (var item in result.GetProperty("decoded").EnumerateArray())
        {
            if (item.TryGetProperty("error", out var error))
                Assert.Fail($"notepack.js could not decode case {decoded.Count}: {error.GetString()}");
            decoded.Add(new NotepackDecoded(
                item.GetProperty("json").GetString()!,
                item.GetProperty("attachments").EnumerateArray().Select(a => Convert.FromHexString(a.GetString()!)).ToArray()));
        }
        return new NotepackResult(encoded, decoded);
    }
}
