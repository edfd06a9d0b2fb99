using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>
/// A Kestrel app whose Socket.IO endpoint requires the "members" policy (role member, by JWT bearer
/// or cookie) and the CORS policy "app", as the README shows. /login signs a cookie in.
/// </summary>
public class AuthServer : IAsyncLifetime
{
    /// <summary>The one origin the endpoint's CORS policy allows.</summary>
    public const string AllowedOrigin = "https://app.example";

    private static readonly SymmetricSecurityKey Key = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private WebApplication? _app;

    public Uri BaseUri { get; private set; } = null!;

    public LogSink Logs { get; } = new();

    /// <summary>With the connection opt-in (<see cref="HandoffAuthServer"/>): the WebSockets that took their connection over.</summary>
    public HandoffTracker? Handoffs { get; private set; }

    /// <summary>True to serve with <c>UseSocketIOConnections()</c>: WebSockets own their connection after the upgrade.</summary>
    protected virtual bool HandsOverConnections => false;

    /// <summary>Signs a JWT for <paramref name="name"/> with <paramref name="role"/>.</summary>
    public static string Token(string name, string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Claims = new Dictionary<string, object> { ["name"] = name, ["role"] = role },
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
    });

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (HandsOverConnections)
            builder.WebHost.UseSocketIOConnections();
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = false,
                    ValidateAudience = false,
                    IssuerSigningKey = Key,
                    NameClaimType = "name",
                    RoleClaimType = "role",
                };
                // Browsers cannot set headers on a WebSocket: the client sends the token in the query instead.
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments("/socket.io") && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                            context.Token = token;
                        return Task.CompletedTask;
                    },
                };
            })
            .AddCookie(o =>
            {
                // An API answers with status codes, not redirects to login pages.
                o.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorization(o => o.AddPolicy("members", p => p
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, CookieAuthenticationDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireRole("member")));
        builder.Services.AddCors(o => o.AddPolicy("app", p => p.WithOrigins(AllowedOrigin).AllowCredentials().AllowAnyHeader()));
        builder.Services.AddSocketIO();
        _app = builder.Build();
        if (HandsOverConnections)
            (Handoffs = new HandoffTracker()).Install(_app);
        _app.UseCors();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGet("/login", async (HttpContext context, string name, string role) =>
        {
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        });
        _app.MapSocketIO("/socket.io", io =>
            {
                io.Use(socket =>
                {
                    if (socket.Handshake.User?.IsInRole("member") != true)
                        throw new ConnectErrorException("members only");
                });
                io.OnConnection(socket =>
                {
                    socket.On("user", () => Describe(socket.Handshake));
                    socket.Emit("hello", socket.Handshake.User?.Identity?.Name);
                });
            })
            .RequireAuthorization("members")
            .RequireCors("app");
        await _app.StartAsync().WaitAsync(Wait.Timeout);
        BaseUri = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>What a handler sees of the user and the request features.</summary>
    private static object Describe(Handshake handshake)
    {
        var user = handshake.User!;
        return new
        {
            name = user.Identity?.Name,
            authenticated = user.Identity?.IsAuthenticated,
            member = user.IsInRole("member"),
            schemes = user.Identities.Where(i => i.IsAuthenticated).Select(i => i.AuthenticationType).ToArray(),
            remotePort = handshake.GetFeature<IHttpConnectionFeature>()?.RemotePort,
            authenticateResult = handshake.GetFeature<IAuthenticateResultFeature>()?.AuthenticateResult?.Succeeded,
        };
    }

    public HttpClient CreateClient(HttpMessageHandler? handler = null) =>
        handler is null ? new HttpClient { BaseAddress = BaseUri, Timeout = Wait.Timeout } : new HttpClient(handler) { BaseAddress = BaseUri, Timeout = Wait.Timeout };

    public async Task DisposeAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync().WaitAsync(Wait.Timeout);
        await _app.DisposeAsync().AsTask().WaitAsync(Wait.Timeout);
    }
}

/// <summary>The same app with the connection opt-in: every WebSocket upgrade must be handed over.</summary>
public sealed class HandoffAuthServer : AuthServer
{
    protected override bool HandsOverConnections => true;
}
