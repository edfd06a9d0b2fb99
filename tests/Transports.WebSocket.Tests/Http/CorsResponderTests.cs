using Microsoft.AspNetCore.Http;
using SocketIO.Transports.WebSocket.Internal;

namespace SocketIO.Transports.WebSocket.Tests.Http;

/// <summary>The CORS headers for each policy shape, as the npm cors package writes them.</summary>
public sealed class CorsResponderTests
{
    private static DefaultHttpContext Request(string method, string? origin)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        if (origin is not null)
            context.Request.Headers.Origin = origin;
        return context;
    }

    [Fact]
    public void Credentials_echo_the_origin_instead_of_a_wildcard()
    {
        var context = Request("GET", "https://app.example");

        var answered = CorsResponder.Apply(context, new SocketIOCorsOptions { AllowAnyOrigin = true, AllowCredentials = true });

        Assert.False(answered);
        Assert.Equal("https://app.example", context.Response.Headers.AccessControlAllowOrigin);
        Assert.Equal("true", context.Response.Headers.AccessControlAllowCredentials);
        Assert.Contains("Origin", context.Response.Headers.Vary.ToString());
    }

    [Fact]
    public void Listed_origin_is_allowed_and_others_get_no_allow_origin()
    {
        var cors = new SocketIOCorsOptions { AllowedOrigins = { "https://app.example" } };
        var allowed = Request("GET", "https://app.example");
        var other = Request("GET", "https://evil.example");

        CorsResponder.Apply(allowed, cors);
        CorsResponder.Apply(other, cors);

        Assert.Equal("https://app.example", allowed.Response.Headers.AccessControlAllowOrigin);
        Assert.Equal(0, other.Response.Headers.AccessControlAllowOrigin.Count);
    }

    [Fact]
    public void Preflight_announces_methods_headers_and_max_age()
    {
        var context = Request("OPTIONS", "https://app.example");
        var cors = new SocketIOCorsOptions
        {
            AllowAnyOrigin = true,
            AllowedHeaders = { "x-token" },
            MaxAge = TimeSpan.FromMinutes(10),
        };

        var answered = CorsResponder.Apply(context, cors);

        Assert.True(answered);
        Assert.Equal(StatusCodes.Status204NoContent, context.Response.StatusCode);
        Assert.Equal("GET,HEAD,PUT,PATCH,POST,DELETE", context.Response.Headers.AccessControlAllowMethods);
        Assert.Equal("x-token", context.Response.Headers.AccessControlAllowHeaders);
        Assert.Equal("600", context.Response.Headers.AccessControlMaxAge);
    }

    [Fact]
    public void Exposed_headers_are_sent_on_actual_requests()
    {
        var context = Request("GET", "https://app.example");

        CorsResponder.Apply(context, new SocketIOCorsOptions { AllowAnyOrigin = true, ExposedHeaders = { "x-a", "x-b" } });

        Assert.Equal("x-a,x-b", context.Response.Headers.AccessControlExposeHeaders);
    }
}
