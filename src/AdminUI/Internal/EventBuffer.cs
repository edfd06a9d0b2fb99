using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace SocketIO.AdminUI.Internal;

/// <summary>
/// Counts engine events per second, type and sub-type for the <c>aggregatedEvents</c> of <c>server_stats</c>, as Node's
/// <c>EventBuffer</c> (socketio/socket.io-admin-ui, lib/index.ts). Counting takes no lock: it runs on the packet path.
/// </summary>
internal sealed class EventBuffer(TimeProvider time)
{
    private readonly ConcurrentDictionary<Key, StrongBox<long>> _counts = new();

    private readonly record struct Key(long Timestamp, string Type, string? SubType);

    public void Add(string type, string? subType = null, long count = 1)
    {
        var second = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000 * 1000;
        var box = _counts.GetOrAdd(new Key(second, type, subType), static _ => new StrongBox<long>());
        Interlocked.Add(ref box.Value, count);
    }

    /// <summary>
    /// Takes the counts of the seconds that are over. The current second is left to fill and goes out with the next
    /// tick, so that no count arrives after its second was taken.
    /// </summary>
    public List<AggregatedEvent> Drain()
    {
        var current = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000 * 1000;
        var events = new List<AggregatedEvent>();
        foreach (var (key, _) in _counts)
        {
            if (key.Timestamp < current && _counts.TryRemove(key, out var box))
                events.Add(new AggregatedEvent(key.Timestamp, key.Type, key.SubType, Interlocked.Read(ref box.Value)));
        }
        return events;
    }
}
