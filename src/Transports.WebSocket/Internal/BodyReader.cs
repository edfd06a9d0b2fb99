using Microsoft.AspNetCore.Http;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>Reads a request body into an owned array without ever holding more than the limit (plus one byte).</summary>
internal static class BodyReader
{
    private const int InitialChunkedSize = 4096;

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async ValueTask<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > limit)
                return null;
            var exact = new byte[declared];
            var read = await request.Body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return exact.AsMemory(0, read);
        }
        // Chunked: grow up to limit + 1, which is enough to tell that the body is too large.
        var cap = (int)Math.Min((long)limit + 1, Array.MaxLength);
        var buffer = new byte[Math.Min(InitialChunkedSize, cap)];
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
            {
                if (count > limit)
                    return null;
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, cap));
            }
            var n = await request.Body.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (n == 0)
                return buffer.AsMemory(0, count);
            count += n;
        }
    }
}
