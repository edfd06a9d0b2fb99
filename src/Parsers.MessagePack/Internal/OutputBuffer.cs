using System.Buffers;

namespace SocketIO.Parsers.MessagePack.Internal;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over one array of a known size, allocated without zeroing
/// (every byte handed out gets written). It grows only if the size was underestimated.
/// </summary>
internal sealed class OutputBuffer(int capacity) : IBufferWriter<byte>
{
    private byte[] _buffer = GC.AllocateUninitializedArray<byte>(capacity);
    private int _written;

    public int WrittenCount => _written;

    public int Capacity => _buffer.Length;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
            throw new ArgumentOutOfRangeException(nameof(count));
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint)
            return;
        var larger = GC.AllocateUninitializedArray<byte>(Math.Max(_written + sizeHint, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        _buffer = larger;
    }
}
