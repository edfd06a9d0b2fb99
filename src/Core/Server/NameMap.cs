using System.Diagnostics.CodeAnalysis;

namespace SocketIO;

/// <summary>
/// An immutable map from ordinal string keys, for the copy-on-write tables read without a lock on every packet: a
/// client's sockets by namespace and a socket's handlers by event. Such tables hold one to a few entries, so up to
/// <see cref="ArrayLimit"/> they are a plain array searched in order (a few dozen bytes, where an empty
/// <see cref="Dictionary{TKey, TValue}"/> with one entry costs about 200); larger ones use a dictionary.
/// </summary>
internal sealed class NameMap<TValue>
    where TValue : class
{
    private const int ArrayLimit = 8;

    public static readonly NameMap<TValue> Empty = new([], null);

    private readonly KeyValuePair<string, TValue>[] _entries;
    private readonly Dictionary<string, TValue>? _dictionary;

    private NameMap(KeyValuePair<string, TValue>[] entries, Dictionary<string, TValue>? dictionary)
    {
        _entries = entries;
        _dictionary = dictionary;
    }

    public int Count => _dictionary?.Count ?? _entries.Length;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_dictionary is not null)
            return _dictionary.TryGetValue(key, out value);
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public TValue? GetValueOrDefault(string key) => TryGetValue(key, out var value) ? value : null;

    /// <summary>The values, copied.</summary>
    public TValue[] Values()
    {
        if (_dictionary is not null)
            return [.. _dictionary.Values];
        var values = new TValue[_entries.Length];
        for (var i = 0; i < values.Length; i++)
            values[i] = _entries[i].Value;
        return values;
    }

    /// <summary>A map with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public NameMap<TValue> With(string key, TValue value)
    {
        if (_dictionary is not null)
            return new NameMap<TValue>([], new Dictionary<string, TValue>(_dictionary, StringComparer.Ordinal) { [key] = value });
        var index = IndexOf(key);
        if (index >= 0)
        {
            var replaced = (KeyValuePair<string, TValue>[])_entries.Clone();
            replaced[index] = new(key, value);
            return new NameMap<TValue>(replaced, null);
        }
        if (_entries.Length < ArrayLimit)
            return new NameMap<TValue>([.. _entries, new(key, value)], null);
        var dictionary = new Dictionary<string, TValue>(_entries, StringComparer.Ordinal) { [key] = value };
        return new NameMap<TValue>([], dictionary);
    }

    /// <summary>A map without <paramref name="key"/> (this one when it has no such key).</summary>
    public NameMap<TValue> Without(string key)
    {
        if (_dictionary is not null)
        {
            if (!_dictionary.ContainsKey(key))
                return this;
            var next = new Dictionary<string, TValue>(_dictionary, StringComparer.Ordinal);
            next.Remove(key);
            return new NameMap<TValue>([], next);
        }
        var index = IndexOf(key);
        if (index < 0)
            return this;
        return _entries.Length == 1 ? Empty : new NameMap<TValue>([.. _entries[..index], .. _entries[(index + 1)..]], null);
    }

    private int IndexOf(string key)
    {
        for (var i = 0; i < _entries.Length; i++)
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
                return i;
        return -1;
    }
}
