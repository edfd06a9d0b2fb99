using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// Completes the WebSocket handshake for a request that <c>IsWebSocketRequest</c> accepted and hands
/// back the raw connection, which <see cref="WebSocketTransport"/> frames itself: an HTTP/1.1
/// upgrade (RFC 6455 4.2.2) or an HTTP/2 extended CONNECT (RFC 8441). With a usable
/// <see cref="ConnectionHandoff"/> the server still answers the upgrade, but the frames then travel
/// on the connection's own pipes, which the transport owns once the request has ended.
/// </summary>
internal static class WebSocketAccept
{
    // RFC 6455 1.3: the GUID appended to the client's key.
    private static readonly byte[] KeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8.ToArray();

    /// <summary>
    /// The accepted connection: frames are read from <paramref name="Input"/> and written to
    /// <paramref name="Output"/> (the server's upgraded stream) or <paramref name="RawOutput"/>
    /// (the connection's own pipe, when <paramref name="Handoff"/> takes it over).
    /// </summary>
    public readonly record struct Connection(Stream? Output, PipeReader Input, PipeWriter? RawOutput = null, ConnectionHandoff? Handoff = null);

    public static async Task<Connection> AcceptAsync(HttpContext context, ILogger logger)
    {
        if (context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
            return FromStream(await connect.AcceptAsync().ConfigureAwait(false));
        var upgrade = context.Features.GetRequiredFeature<IHttpUpgradeFeature>();
        var handoff = ConnectionHandoff.Find(context, upgrade, out var refusal);
        if (refusal is not null)
            TransportLog.HandoffDeclined(logger, context.Request.Path, refusal);
        var headers = context.Response.Headers;
        headers.Connection = "Upgrade";
        headers.Upgrade = "websocket";
        headers.SecWebSocketAccept = AcceptKey(context.Request.Headers.SecWebSocketKey.ToString().Trim());
        // The server writes the 101 either way; the stream it returns is not used when the connection is handed over.
        var stream = await upgrade.UpgradeAsync().ConfigureAwait(false);
        return handoff is null ? FromStream(stream) : new Connection(null, handoff.Transport.Input, handoff.Transport.Output, handoff);
    }

    // Zero-byte reads: an idle connection holds no read buffer until data arrives.
    private static Connection FromStream(Stream stream) =>
        new(stream, PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true, useZeroByteReads: true)));

    /// <summary>base64(SHA-1(key + GUID)), the Sec-WebSocket-Accept value.</summary>
    public static string AcceptKey(string key)
    {
        Span<byte> input = stackalloc byte[64];
        var keyLength = Encoding.ASCII.GetBytes(key, input);
        KeyGuid.CopyTo(input[keyLength..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input[..(keyLength + KeyGuid.Length)], hash);
        return Convert.ToBase64String(hash);
    }
}
