namespace SocketIO.Fuzz.Support;

/// <summary>
/// A read-only stream over an input that hands out at most <c>chunk</c> bytes per read, as a network
/// peer's segments would arrive; 0 means everything at once.
/// </summary>
internal sealed class ChunkedStream(byte[] data, int chunk) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, data.Length - _position);
        if (chunk > 0)
            n = Math.Min(n, chunk);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The chunk size a mode byte selects: whole, or one of a few segment sizes from 1 byte up.</summary>
    public static int ChunkFor(byte mode) => (mode & 0x0F) switch
    {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 3,
        4 => 5,
        5 => 7,
        6 => 13,
        7 => 16,
        8 => 31,
        9 => 64,
        10 => 127,
        11 => 256,
        12 => 1000,
        13 => 4096,
        14 => 16384,
        _ => 65536,
    };
}
