using System.Collections;

namespace SocketIO.Adapters;

/// <summary>
/// The in-memory adapter's set of room names (a socket's rooms) or socket ids (a room's members). Most sets hold
/// one string for their whole life (a socket in its own room only, a socket's own room), so one member is kept
/// inline and a <see cref="HashSet{T}"/> is made only for a second: 32 bytes instead of about 160. Not thread-safe;
/// the adapter uses it under its lock.
/// </summary>
internal sealed class RoomSet : IEnumerable<string>
{
    private string? _one;
    private HashSet<string>? _many;

    public int Count => _many?.Count ?? (_one is null ? 0 : 1);

    public bool Contains(string item) => _many?.Contains(item) ?? string.Equals(_one, item, StringComparison.Ordinal);

    public bool Add(string item)
    {
        if (_many is not null)
            return _many.Add(item);
        if (_one is null)
        {
            _one = item;
            return true;
        }
        if (string.Equals(_one, item, StringComparison.Ordinal))
            return false;
        _many = new HashSet<string>(StringComparer.Ordinal) { _one, item };
        _one = null;
        return true;
    }

    public bool Remove(string item)
    {
        if (_many is null)
        {
            if (!string.Equals(_one, item, StringComparison.Ordinal))
                return false;
            _one = null;
            return true;
        }
        if (!_many.Remove(item))
            return false;
        if (_many.Count == 1)
        {
            // Back to one inline member: a socket that left its last room gives the set's memory back.
            foreach (var last in _many)
                _one = last;
            _many = null;
        }
        return true;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<string> IEnumerable<string>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the members without allocating.</summary>
    public struct Enumerator : IEnumerator<string>
    {
        private readonly string? _one;
        private HashSet<string>.Enumerator _many;
        private readonly bool _isMany;
        private int _state;

        internal Enumerator(RoomSet set)
        {
            _one = set._one;
            _isMany = set._many is not null;
            _many = _isMany ? set._many!.GetEnumerator() : default;
            Current = null!;
        }

        public string Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_isMany)
            {
                if (!_many.MoveNext())
                    return false;
                Current = _many.Current;
                return true;
            }
            if (_state++ != 0 || _one is null)
                return false;
            Current = _one;
            return true;
        }

        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
