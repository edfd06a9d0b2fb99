using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// Applies <see cref="SocketIOCorsOptions"/> the way the npm <c>cors</c> middleware does inside engine.io:
/// before request verification, so error responses carry the headers too, and answering every
/// OPTIONS request itself as a preflight (docs/protocol.md#cors-and-cookie).
/// </summary>
internal static class CorsResponder
{
    /// <summary>Adds the CORS headers; true when the request was a preflight and has been answered.</summary>
    public static bool Apply(HttpContext context, SocketIOCorsOptions cors)
    {
        var request = context.Request;
        var headers = context.Response.Headers;
        var origin = request.Headers.Origin.ToString();
        if (cors.AllowAnyOrigin && !cors.AllowCredentials)
        {
            headers.AccessControlAllowOrigin = "*";
        }
        else
        {
            // Credentials forbid '*': the allowed origin is echoed, so caches must vary on it.
            headers.Vary = StringValues.Concat(headers.Vary, "Origin");
            if (origin.Length > 0 && (cors.AllowAnyOrigin || cors.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase)))
                headers.AccessControlAllowOrigin = origin;
        }
        if (cors.AllowCredentials)
            headers.AccessControlAllowCredentials = "true";
        if (!HttpMethods.IsOptions(request.Method))
        {
            if (cors.ExposedHeaders.Count > 0)
                headers.AccessControlExposeHeaders = string.Join(',', cors.ExposedHeaders);
            return false;
        }
        headers.AccessControlAllowMethods = string.Join(',', cors.AllowedMethods);
        if (cors.AllowedHeaders.Count > 0)
        {
            headers.AccessControlAllowHeaders = string.Join(',', cors.AllowedHeaders);
        }
        else if (request.Headers.AccessControlRequestHeaders is { Count: > 0 } requested)
        {
            headers.AccessControlAllowHeaders = requested.ToString();
            headers.Vary = StringValues.Concat(headers.Vary, "Access-Control-Request-Headers");
        }
        if (cors.MaxAge is { } maxAge)
            headers.AccessControlMaxAge = ((long)maxAge.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.ContentLength = 0;
        return true;
    }
}
