using System.Collections.Concurrent;

namespace SocketIO.Engine;

public sealed partial class EngineServer
{
    // Engine.IO v4 defines one upgrade between the transports this project has (docs/protocol.md#upgrade): a session
    // opened on long-polling may move to WebSocket. Stream transports (tcp) open their sessions directly.
    private static readonly (string From, string To)[] Upgrades = [("polling", "websocket")];

    private readonly ConcurrentDictionary<string, byte> _registered = new(StringComparer.Ordinal);

    /// <summary>The names of the transports attached to this engine, in no particular order.</summary>
    public IReadOnlyCollection<string> RegisteredTransports => (IReadOnlyCollection<string>)_registered.Keys;

    /// <summary>
    /// Declares that a transport of this name serves the engine. A transport registers when it is attached
    /// (<c>MapSocketIO</c> registers "polling" and "websocket", <c>AddTcpTransport</c> registers "tcp"), so
    /// enabling it needs no other setting; <see cref="ValidateTransports"/> then checks
    /// <see cref="EngineOptions.Transports"/> against the registered names.
    /// </summary>
    public void RegisterTransport(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _registered.TryAdd(name, 0);
    }

    /// <summary>
    /// Whether sessions may use the named transport: every transport when <see cref="EngineOptions.Transports"/>
    /// is empty (the default), otherwise the ones it lists.
    /// </summary>
    public bool IsTransportEnabled(string name) => Options.Transports.Count == 0 || Options.Transports.Contains(name);

    /// <summary>
    /// Fails when <see cref="EngineOptions.Transports"/> names a transport no one registered; called when
    /// the server starts, once every transport has attached.
    /// </summary>
    /// <exception cref="InvalidOperationException">A listed name has no registered transport; the message names it.</exception>
    public void ValidateTransports()
    {
        var missing = Options.Transports.Where(t => !_registered.ContainsKey(t)).ToList();
        if (missing.Count == 0)
            return;
        var registered = _registered.IsEmpty ? "none" : string.Join(", ", _registered.Keys.Order(StringComparer.Ordinal));
        throw new InvalidOperationException(
            $"{nameof(EngineOptions)}.{nameof(EngineOptions.Transports)} names {string.Join(", ", missing.Select(m => $"'{m}'"))}, " +
            $"which no registered transport provides (registered: {registered}). Add the transport (app.MapSocketIO() for polling and websocket, " +
            ".AddTcpTransport() for tcp) or remove the name.");
    }

    /// <summary>
    /// The transports a session opened on <paramref name="transport"/> may upgrade to, as its open packet
    /// lists them: none when <see cref="EngineOptions.AllowUpgrades"/> is off or the target is not enabled.
    /// </summary>
    public IReadOnlyList<string> UpgradesFrom(string transport)
    {
        if (!Options.AllowUpgrades)
            return [];
        List<string>? targets = null;
        foreach (var (from, to) in Upgrades)
            if (from == transport && IsTransportEnabled(to))
                (targets ??= []).Add(to);
        return targets is null ? [] : targets;
    }
}
