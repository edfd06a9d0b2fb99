using System.Collections.Concurrent;

namespace SocketIO.AdminUI.Internal;

/// <summary>The default session store: this node's memory, expired ids dropped when a new one is saved.</summary>
internal sealed class InMemoryAdminUISessionStore(TimeProvider time) : IAdminUISessionStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public ValueTask<bool> ExistsAsync(string sessionId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_expiries.TryGetValue(sessionId, out var expiry) && expiry > time.GetUtcNow());

    public ValueTask SaveAsync(string sessionId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        foreach (var (id, expiry) in _expiries)
            if (expiry <= now)
                _expiries.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, expiry));
        _expiries[sessionId] = now + lifetime;
        return ValueTask.CompletedTask;
    }
}
