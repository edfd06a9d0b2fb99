using System.Net;
using System.Text.Json;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Hosting;

/// <summary>
/// ASP.NET Core authentication, authorization and CORS on the Socket.IO endpoint: JWT bearer (header or
/// access_token query) and cookies, <c>RequireAuthorization</c> and <c>RequireCors</c> on <c>MapSocketIO</c>,
/// and the user and request features in <c>socket.Handshake</c>.
/// </summary>
public abstract class AuthenticationSuite(AuthServer server)
{
    public static TheoryData<string> Modes => new() { "polling", "websocket", "default" };

    private static Dictionary<string, string> Env(string name, string value) => new() { [name] = value };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Jwt_bearer_user_reaches_socket_Handshake_User(string mode)
    {
        var result = await NodeClient.RunAsync(server.BaseUri, mode, "user", Env("BEARER", AuthServer.Token("ada", "member")));

        var user = result.GetProperty("user");
        Assert.Equal("ada", user.GetProperty("name").GetString());
        Assert.True(user.GetProperty("authenticated").GetBoolean());
        Assert.True(user.GetProperty("member").GetBoolean());
        Assert.Equal("""["AuthenticationTypes.Federation"]""", user.GetProperty("schemes").GetRawText());
        Assert.True(user.GetProperty("remotePort").GetInt32() > 0);
        Assert.True(user.GetProperty("authenticateResult").GetBoolean());
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("default")]
    public async Task Jwt_in_the_access_token_query_authenticates_as_browsers_must_for_websockets(string mode)
    {
        var result = await NodeClient.RunAsync(server.BaseUri, mode, "user", Env("ACCESS_TOKEN", AuthServer.Token("bob", "member")));

        Assert.Equal("bob", result.GetProperty("user").GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task RequireAuthorization_refuses_a_client_without_credentials(string mode)
    {
        var result = await NodeClient.RunAsync(server.BaseUri, mode, "user");

        Assert.True(result.TryGetProperty("connectError", out _), result.GetRawText());
        if (mode != "websocket")
            Assert.Equal(401, result.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task RequireAuthorization_applies_its_policy_to_every_engine_request()
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling");
        request.Headers.Authorization = new("Bearer", AuthServer.Token("eve", "guest"));

        using var response = await http.SendAsync(request).WaitAsync(Wait.Timeout);

        // Authenticated, but not in the policy's role.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Cookie_user_reaches_socket_Handshake_User_over_websocket()
    {
        var cookie = await LoginAsync("cat");

        var result = await NodeClient.RunAsync(server.BaseUri, "websocket", "user", Env("COOKIE", cookie));

        var user = result.GetProperty("user");
        Assert.Equal("cat", user.GetProperty("name").GetString());
        Assert.Equal("""["Cookies"]""", user.GetProperty("schemes").GetRawText());
    }

    [Fact]
    public async Task Cookie_user_reaches_socket_Handshake_User_over_polling()
    {
        var cookies = new CookieContainer();
        using var http = server.CreateClient(new HttpClientHandler { CookieContainer = cookies });
        using (var login = await http.GetAsync("/login?name=dan&role=member").WaitAsync(Wait.Timeout))
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        var (client, _) = await PollingClient.HandshakeAsync(http, "/socket.io/");
        await client.PostAsync("40");
        var received = await client.GetUntilAsync("42[\"hello\"");

        Assert.Contains("42[\"hello\",\"dan\"]", received);
    }

    [Fact]
    public async Task RequireCors_answers_preflights_and_marks_responses_for_the_allowed_origin_only()
    {
        using var http = server.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/socket.io/?EIO=4&transport=polling");
        preflight.Headers.Add("Origin", AuthServer.AllowedOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var other = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling");
        other.Headers.Add("Origin", "https://evil.example");
        other.Headers.Authorization = new("Bearer", AuthServer.Token("ada", "member"));
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling");
        allowed.Headers.Add("Origin", AuthServer.AllowedOrigin);
        allowed.Headers.Authorization = new("Bearer", AuthServer.Token("ada", "member"));

        using var preflightResponse = await http.SendAsync(preflight).WaitAsync(Wait.Timeout);
        using var otherResponse = await http.SendAsync(other).WaitAsync(Wait.Timeout);
        using var allowedResponse = await http.SendAsync(allowed).WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.Equal([AuthServer.AllowedOrigin], preflightResponse.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Equal(["true"], preflightResponse.Headers.GetValues("Access-Control-Allow-Credentials"));
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, allowedResponse.StatusCode);
        Assert.Equal([AuthServer.AllowedOrigin], allowedResponse.Headers.GetValues("Access-Control-Allow-Origin"));
    }

    /// <summary>Signs in through /login as a member and returns the cookie as a Cookie header value.</summary>
    private async Task<string> LoginAsync(string name)
    {
        using var http = server.CreateClient();
        using var response = await http.GetAsync($"/login?name={name}&role=member").WaitAsync(Wait.Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        return setCookie.Split(';')[0];
    }
}

/// <summary>The authentication suite on a server without the connection opt-in.</summary>
public sealed class AuthenticationTests(AuthServer server) : AuthenticationSuite(server), IClassFixture<AuthServer>
{
}
