using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// The request features a handshake keeps (one to three of them), as a read-only map over one array. A
/// <see cref="Dictionary{TKey,TValue}"/> of three costs about 200 bytes for every connection's life; this
/// costs the array and one small object.
/// </summary>
internal sealed class FeatureSnapshot(KeyValuePair<Type, object>[] entries) : IReadOnlyDictionary<Type, object>
{
    public object this[Type key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key.FullName);

    public IEnumerable<Type> Keys => entries.Select(e => e.Key);

    public IEnumerable<object> Values => entries.Select(e => e.Value);

    public int Count => entries.Length;

    public bool ContainsKey(Type key) => TryGetValue(key, out _);

    public bool TryGetValue(Type key, [MaybeNullWhen(false)] out object value)
    {
        foreach (var entry in entries)
        {
            if (entry.Key == key)
            {
                value = entry.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => ((IEnumerable<KeyValuePair<Type, object>>)entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
