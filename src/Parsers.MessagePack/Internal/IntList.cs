using System.Buffers;

namespace SocketIO.Parsers.MessagePack.Internal;

/// <summary>A list of ints that starts on caller-provided (stack) memory and moves to pooled arrays when it grows.</summary>
internal ref struct IntList
{
    private Span<int> _items;
    private int[]? _rented;

    public IntList(Span<int> initial)
    {
        _items = initial;
        _rented = null;
        Count = 0;
    }

    public int Count { get; private set; }

    public ref int this[int index] => ref _items[..Count][index];

    public void Push(int value)
    {
        if (Count == _items.Length)
            Grow();
        _items[Count++] = value;
    }

    public int Pop() => _items[--Count];

    public readonly int Peek() => _items[Count - 1];

    public readonly ReadOnlySpan<int> AsSpan() => _items[..Count];

    public void Dispose()
    {
        if (_rented is not null)
            ArrayPool<int>.Shared.Return(_rented);
        _rented = null;
    }

    private void Grow()
    {
        var larger = ArrayPool<int>.Shared.Rent(Math.Max(16, _items.Length * 2));
        _items.CopyTo(larger);
        if (_rented is not null)
            ArrayPool<int>.Shared.Return(_rented);
        _rented = larger;
        _items = larger;
    }
}
