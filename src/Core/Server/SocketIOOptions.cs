using System.Text.Json;
using SocketIO.Engine;

namespace SocketIO;

/// <summary>Socket.IO server settings (engine settings included); defaults match Node's socket.io.</summary>
public class SocketIOOptions : EngineOptions
{
    /// <summary>How long a client may stay connected without joining any namespace.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMilliseconds(45000);

    /// <summary>Remove a dynamic child namespace when its last socket leaves.</summary>
    public bool CleanupEmptyChildNamespaces { get; set; }

    /// <summary>Most binary attachments in one packet.</summary>
    public int MaxAttachments { get; set; } = 10;

    /// <summary>Deepest JSON nesting accepted in a packet.</summary>
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Longest namespace name accepted.</summary>
    public int MaxNamespaceLength { get; set; } = 256;

    /// <summary>
    /// Most invalid events one connection may send within a minute before it is closed (default 100; 0 never
    /// closes). An invalid event is one whose arguments a typed handler refused, or whose handler failed with a
    /// <see cref="System.Text.Json.JsonException"/> reading the client's data. However many there are, a
    /// connection makes the server log at most five such lines a minute.
    /// </summary>
    public int MaxInvalidEventsPerMinute { get; set; } = 100;

    /// <summary>
    /// Serializer settings for event arguments. When null: <see cref="JsonSerializerDefaults.Web"/> (camelCase,
    /// case-insensitive reading) but with <see cref="System.Text.Json.Serialization.JsonNumberHandling.Strict"/>,
    /// so a string is never read as a number. Options given here are used as they are: to accept <c>"2"</c> for
    /// an <c>int</c> parameter, set <c>NumberHandling = JsonNumberHandling.AllowReadingFromString</c> (which
    /// <c>new JsonSerializerOptions(JsonSerializerDefaults.Web)</c> also does).
    /// </summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }

    /// <summary>
    /// Connection state recovery; off when null (the default, as in Node). When set, each socket gets a private id,
    /// stored events carry an offset as their last argument, and a client that comes back in time is restored.
    /// </summary>
    public ConnectionStateRecoveryOptions? ConnectionStateRecovery { get; set; }

    /// <summary>
    /// Whether each event's handling is a span of the <c>SocketIO</c> activity source (when a listener samples it).
    /// Off by default: a span per message costs more than the message itself.
    /// </summary>
    public bool TraceEvents { get; set; }

    /// <inheritdoc />
    public override string? Validate()
    {
        if (base.Validate() is { } error) return error;
        if (ConnectTimeout <= TimeSpan.Zero) return $"{nameof(ConnectTimeout)} must be positive.";
        if (MaxAttachments < 0) return $"{nameof(MaxAttachments)} must not be negative.";
        if (MaxJsonDepth <= 0) return $"{nameof(MaxJsonDepth)} must be positive.";
        if (MaxNamespaceLength <= 0) return $"{nameof(MaxNamespaceLength)} must be positive.";
        if (ConnectionStateRecovery?.Validate() is { } recovery) return $"{nameof(ConnectionStateRecovery)}: {recovery}";
        if (MaxInvalidEventsPerMinute < 0) return $"{nameof(MaxInvalidEventsPerMinute)} must not be negative.";
        return null;
    }
}
