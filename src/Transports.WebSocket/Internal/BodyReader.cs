using Microsoft.AspNetCore.Http;
using SocketIO.Protocol;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// Reads one request body into an owned array without ever holding more than the limit (plus one byte).
/// Memory grows, from the pool, with the bytes that actually arrive: a Content-Length is a claim the
/// client may never honour, so only a small declared body is allocated up front.
/// </summary>
internal sealed class BodyReader : IDisposable
{
    // A declared body up to this size is read into an exact array at once; larger ones grow as they arrive.
    private const int SmallBody = 4096;
    private const int ReadChunk = 4096;

    private readonly PooledBufferWriter _buffer = new();

    /// <summary>Bytes of pooled memory held for the body so far.</summary>
    public int Capacity => _buffer.Capacity;

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    public async ValueTask<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var declared = request.ContentLength;
        if (declared > limit)
            return null;
        if (declared <= SmallBody)
        {
            var exact = new byte[declared.Value];
            var read = await request.Body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return read == exact.Length ? exact : exact.AsSpan(0, read).ToArray();
        }
        while (true)
        {
            // Never more than limit + 1 bytes: enough to tell that the body is too large.
            var room = limit + 1 - _buffer.WrittenCount;
            var memory = _buffer.GetMemory(Math.Min(ReadChunk, room));
            var n = await request.Body.ReadAsync(memory[..Math.Min(memory.Length, room)], cancellationToken).ConfigureAwait(false);
            if (n == 0)
                return _buffer.WrittenSpan.ToArray();
            _buffer.Advance(n);
            if (_buffer.WrittenCount > limit)
                return null;
        }
    }

    /// <summary>Gives the pooled memory back.</summary>
    public void Dispose() => _buffer.Clear();
}
