using System.Text.Json;
using SocketIO.Engine;

namespace SocketIO.TestSupport;

/// <summary>
/// Connection state recovery on raw wire frames (docs/recovery.md): connect and read the pid, drop the transport,
/// come back with <c>{pid, offset}</c> and collect what arrives before the CONNECT reply.
/// </summary>
public static class RecoveryWire
{
    /// <summary>A raw client and what its CONNECT reply said.</summary>
    public sealed record Connected(TestClient Client, string Sid, string Pid);

    /// <summary>A client that came back: the frames before its CONNECT reply, and the reply's ids.</summary>
    public sealed record Reconnected(TestClient Client, List<string> Before, string Sid, string Pid);

    public static async Task<Connected> ConnectAsync(SocketIOServer io, string? auth = null)
    {
        var client = await TestClient.OpenAsync(io);
        client.Send("40" + (auth ?? ""));
        var reply = await client.NextMatchingAsync(f => f.StartsWith("40", StringComparison.Ordinal) || f.StartsWith("44", StringComparison.Ordinal));
        Assert.StartsWith("40{", reply);
        using var doc = JsonDocument.Parse(reply[2..]);
        return new Connected(client, doc.RootElement.GetProperty("sid").GetString()!, doc.RootElement.GetProperty("pid").GetString()!);
    }

    /// <summary>Reconnects to <paramref name="io"/> with <c>{pid, offset}</c> (no offset when null).</summary>
    public static async Task<Reconnected> ReconnectAsync(SocketIOServer io, string pid, string? offset)
    {
        var client = await TestClient.OpenAsync(io);
        client.Send("40" + (offset is null ? JsonSerializer.Serialize(new { pid }) : JsonSerializer.Serialize(new { pid, offset })));
        var before = new List<string>();
        while (true)
        {
            var frame = await client.NextAsync();
            if (frame.StartsWith("40{", StringComparison.Ordinal))
            {
                using var doc = JsonDocument.Parse(frame[2..]);
                return new Reconnected(client, before, doc.RootElement.GetProperty("sid").GetString()!, doc.RootElement.GetProperty("pid").GetString()!);
            }
            before.Add(frame);
        }
    }

    /// <summary>The offset a client remembers: the event's last argument, when it is a string.</summary>
    public static string OffsetOf(string frame)
    {
        using var doc = JsonDocument.Parse(frame[frame.IndexOf('[')..]);
        var args = doc.RootElement;
        return args[args.GetArrayLength() - 1].GetString()!;
    }

    /// <summary>An event frame without its trailing offset.</summary>
    public static string WithoutOffset(string frame)
    {
        using var doc = JsonDocument.Parse(frame[frame.IndexOf('[')..]);
        var items = doc.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();
        return frame[..frame.IndexOf('[')] + "[" + string.Join(",", items.Take(items.Count - 1)) + "]";
    }

    /// <summary>The transport closes under the client (the server sees "transport close", a reason it persists).</summary>
    public static void Drop(TestClient client) => client.Transport.Channel.OnTransportClosed(CloseReason.TransportClose);

    /// <summary>The socket once it is registered on <paramref name="io"/> (within <paramref name="wait"/>, 10 s by default).</summary>
    public static async Task<Socket> ServerSocketAsync(SocketIOServer io, string sid, TimeSpan? wait = null)
    {
        await Poll.UntilAsync(() => io.Sockets.Sockets.ContainsKey(sid), wait ?? TestTransport.Wait, "the socket is registered");
        return io.Sockets.Sockets[sid];
    }
}
