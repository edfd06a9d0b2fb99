using System.Net;
using System.Text;
using System.Text.Json;

namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>A hand-driven Engine.IO long-polling client: raw GETs and POSTs with one sid.</summary>
internal sealed class PollingClient(HttpClient http, string path, string sid)
{
    public string Sid { get; } = sid;

    public string Url => $"{path}?EIO=4&transport=polling&sid={Sid}";

    /// <summary>Opens a session with a polling handshake; returns the client and the open packet's JSON.</summary>
    public static async Task<(PollingClient Client, JsonElement Open)> HandshakeAsync(HttpClient http, string path = "/engine.io/")
    {
        using var response = await http.GetAsync($"{path}?EIO=4&transport=polling").WaitAsync(Wait.Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout);
        Assert.StartsWith("0{", body);
        // The open packet may share the response with packets the connection handler queued.
        var open = JsonDocument.Parse(body.Split('\x1e')[0][1..]).RootElement.Clone();
        return (new PollingClient(http, path, open.GetProperty("sid").GetString()!), open);
    }

    public Task<HttpResponseMessage> GetResponseAsync() => http.GetAsync(Url).WaitAsync(Wait.Timeout);

    /// <summary>One poll; asserts 200 and returns the payload.</summary>
    public async Task<string> GetAsync()
    {
        using var response = await GetResponseAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout);
    }

    public Task<HttpResponseMessage> PostResponseAsync(HttpContent content) => http.PostAsync(Url, content).WaitAsync(Wait.Timeout);

    public Task<HttpResponseMessage> PostResponseAsync(string payload) =>
        PostResponseAsync(new StringContent(payload, Encoding.UTF8, "text/plain"));

    /// <summary>One POST; asserts 200 "ok".</summary>
    public async Task PostAsync(string payload)
    {
        using var response = await PostResponseAsync(payload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
    }

    /// <summary>Polls until the collected payloads contain <paramref name="expected"/>; returns everything received.</summary>
    public async Task<string> GetUntilAsync(string expected)
    {
        var received = new StringBuilder();
        var deadline = DateTime.UtcNow + Wait.Timeout;
        while (!received.ToString().Contains(expected, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"No {expected} within {Wait.Timeout}; got {received}");
            received.Append(await GetAsync()).Append('\x1e');
        }
        return received.ToString();
    }
}
