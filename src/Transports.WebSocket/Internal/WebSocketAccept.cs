using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// Completes the WebSocket handshake for a request that <c>IsWebSocketRequest</c> accepted and hands
/// back the raw connection, which <see cref="WebSocketTransport"/> frames itself: an HTTP/1.1
/// upgrade (RFC 6455 4.2.2) or an HTTP/2 extended CONNECT (RFC 8441).
/// </summary>
internal static class WebSocketAccept
{
    // RFC 6455 1.3: the GUID appended to the client's key.
    private static readonly byte[] KeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8.ToArray();

    /// <summary>The accepted connection: the stream to write frames to and the pipe to read them from.</summary>
    public readonly record struct Connection(Stream Output, PipeReader Input);

    public static async Task<Connection> AcceptAsync(HttpContext context)
    {
        var stream = await AcceptStreamAsync(context).ConfigureAwait(false);
        // Zero-byte reads: an idle connection holds no read buffer until data arrives.
        return new Connection(stream, PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true, useZeroByteReads: true)));
    }

    private static async Task<Stream> AcceptStreamAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
            return await connect.AcceptAsync().ConfigureAwait(false);
        var upgrade = context.Features.GetRequiredFeature<IHttpUpgradeFeature>();
        var headers = context.Response.Headers;
        headers.Connection = "Upgrade";
        headers.Upgrade = "websocket";
        headers.SecWebSocketAccept = AcceptKey(context.Request.Headers.SecWebSocketKey.ToString().Trim());
        return await upgrade.UpgradeAsync().ConfigureAwait(false);
    }

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
