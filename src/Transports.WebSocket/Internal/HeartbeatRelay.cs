using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// Stands in for the connection's heartbeat while the HTTP server processes it. Kestrel registers its
/// per-connection timeouts there once (request headers, keep-alive, data rates) and never unregisters
/// them; once its HTTP/1.1 processing has ended it also starts a response-drain timeout, which would
/// abort a connection that is still in use. When the connection is handed over, <see cref="Uninstall"/>
/// drops those registrations: the server's timeouts stop ticking, and the HTTP connection state they
/// hold on to can be collected.
/// </summary>
internal sealed class HeartbeatRelay : IConnectionHeartbeatFeature
{
    private readonly IConnectionHeartbeatFeature _heartbeat;
    private readonly Lock _lock = new();
    private List<Registration>? _registrations = [];

    private HeartbeatRelay(IConnectionHeartbeatFeature heartbeat) => _heartbeat = heartbeat;

    /// <summary>Puts a relay in front of the connection's heartbeat; null when the server has none.</summary>
    public static HeartbeatRelay? Install(IFeatureCollection features)
    {
        if (features.Get<IConnectionHeartbeatFeature>() is not { } heartbeat)
            return null;
        var relay = new HeartbeatRelay(heartbeat);
        features.Set<IConnectionHeartbeatFeature>(relay);
        return relay;
    }

    public void OnHeartbeat(Action<object> action, object state)
    {
        var registration = new Registration(action, state);
        lock (_lock)
        {
            if (_registrations is null)
                return;
            _registrations.Add(registration);
        }
        _heartbeat.OnHeartbeat(static r => ((Registration)r).Tick(), registration);
    }

    /// <summary>Gives the connection its own heartbeat back; with <paramref name="detach"/> what was registered through the relay stops ticking.</summary>
    public void Uninstall(IFeatureCollection features, bool detach)
    {
        features.Set(_heartbeat);
        if (!detach)
            return;
        List<Registration>? registrations;
        lock (_lock)
        {
            registrations = _registrations;
            _registrations = null;
        }
        foreach (var registration in registrations ?? [])
            registration.Clear();
    }

    /// <summary>One registration; the connection's heartbeat keeps this small object, not what it points to, once cleared.</summary>
    private sealed class Registration(Action<object> action, object state)
    {
        // One reference, so a tick racing with Clear sees the callback with its state or nothing.
        private volatile Target? _target = new(action, state);

        public void Tick()
        {
            if (_target is { } target)
                target.Action(target.State);
        }

        public void Clear() => _target = null;

        private sealed record Target(Action<object> Action, object State);
    }
}
