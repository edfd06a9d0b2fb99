namespace SocketIO.AdminUI;

/// <summary>
/// Where login sessions of the Admin UI are kept: after a successful login the UI receives a session id and
/// reconnects with it instead of the password. The default keeps them in memory on each node; behind a load
/// balancer without sticky sessions, register a shared store (Node's <c>RedisStore</c>) so that any node
/// accepts a session another node created.
/// </summary>
public interface IAdminUISessionStore
{
    /// <summary>True when <paramref name="sessionId"/> was saved and has not expired.</summary>
    ValueTask<bool> ExistsAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Saves a new session id, valid for <paramref name="lifetime"/>.</summary>
    ValueTask SaveAsync(string sessionId, TimeSpan lifetime, CancellationToken cancellationToken = default);
}
