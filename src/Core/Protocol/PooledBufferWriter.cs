using System.Buffers;

namespace SocketIO.Protocol;

/// <summary>
/// A growable <see cref="IBufferWriter{T}"/> on pooled arrays, for parsers and serializers that
/// build a payload and then keep an exact-size copy. <see cref="Clear"/> gives the array back.
/// </summary>
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = [];
    private int _written;

    /// <summary>What has been written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>What has been written so far, for an asynchronous write; valid until the next change.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>The number of bytes written so far.</summary>
    public int WrittenCount => _written;

    /// <summary>The size of the pooled array currently held.</summary>
    public int Capacity => _buffer.Length;

    /// <inheritdoc />
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
            throw new ArgumentOutOfRangeException(nameof(count));
        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Forgets the content, keeping the array for the next use.</summary>
    public void Reset() => _written = 0;

    /// <summary>Forgets the content and returns the array to the pool.</summary>
    public void Clear()
    {
        if (_buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _written = 0;
    }

    /// <summary>Returns the array to the pool, as <see cref="Clear"/>.</summary>
    public void Dispose() => Clear();

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint)
            return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_written + sizeHint, Math.Max(256, _buffer.Length * 2)));
        WrittenSpan.CopyTo(larger);
        if (_buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
