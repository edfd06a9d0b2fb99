using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocketIO.TestSupport;

/// <summary>One event a <see cref="JsClient"/> socket received, in arrival order.</summary>
/// <param name="Client">The client socket's name.</param>
/// <param name="Name">The event name; reserved events are <c>connect</c>, <c>connect_error</c> and <c>disconnect</c>.</param>
/// <param name="Args">The arguments (binary as <c>{"$bin":…}</c>); for <c>disconnect</c>: reason, description.</param>
/// <param name="WantsAck">Whether the server asked for an ack.</param>
/// <param name="Reserved">Whether it is one of socket.io-client's reserved events.</param>
public sealed record JsEvent(string Client, string Name, JsonElement[] Args, bool WantsAck, bool Reserved)
{
    /// <summary>The argument at <paramref name="index"/>.</summary>
    public JsonElement this[int index] => Args[index];

    /// <inheritdoc />
    public override string ToString() => $"{Client} <- {Name}({string.Join(", ", Args.Select(a => a.GetRawText()))})";
}

/// <summary>How a connect attempt ended: <c>connect</c> (Connected, Id, Recovered) or <c>connect_error</c> (Message, Data).</summary>
/// <param name="Connected">True on <c>connect</c>.</param>
/// <param name="Id">The socket id once connected.</param>
/// <param name="Recovered">Whether connection state recovery restored the session.</param>
/// <param name="Message">The <c>connect_error</c> message.</param>
/// <param name="Data">The <c>connect_error</c> data (null when none).</param>
public sealed record JsConnectResult(bool Connected, string? Id, bool Recovered, string? Message, JsonElement? Data);

/// <summary>The options of one official client socket (<c>io(url, options)</c>); null leaves the client's default.</summary>
public sealed class JsConnectOptions
{
    /// <summary>The <c>auth</c> payload.</summary>
    public object? Auth { get; init; }

    /// <summary>The transports to use, e.g. <c>["websocket"]</c>.</summary>
    public string[]? Transports { get; init; }

    /// <summary><c>"msgpack"</c> for socket.io-msgpack-parser; null for the default parser.</summary>
    public string? Parser { get; init; }

    /// <summary>Whether the client reconnects by itself.</summary>
    public bool? Reconnection { get; init; }

    /// <summary>The maximum number of reconnection attempts.</summary>
    public int? ReconnectionAttempts { get; init; }

    /// <summary>The initial reconnection delay in ms.</summary>
    public int? ReconnectionDelay { get; init; }

    /// <summary>The maximum reconnection delay in ms.</summary>
    public int? ReconnectionDelayMax { get; init; }

    /// <summary>The connection timeout in ms.</summary>
    public int? Timeout { get; init; }

    /// <summary>Any other client option, by its JS name.</summary>
    public IDictionary<string, object?> Extra { get; init; } = new Dictionary<string, object?>();

    internal JsonObject ToJson()
    {
        var json = new JsonObject();
        void Set(string name, object? value)
        {
            if (value is not null)
                json[name] = JsJson.ToNode(value);
        }
        Set("auth", Auth);
        Set("transports", Transports);
        Set("reconnection", Reconnection);
        Set("reconnectionAttempts", ReconnectionAttempts);
        Set("reconnectionDelay", ReconnectionDelay);
        Set("reconnectionDelayMax", ReconnectionDelayMax);
        Set("timeout", Timeout);
        foreach (var (name, value) in Extra)
            json[name] = JsJson.ToNode(value);
        return json;
    }
}

/// <summary>How a <see cref="JsClient"/> socket answers a server→client event that asks for an ack.</summary>
public sealed class JsAnswer
{
    private JsAnswer(string mode, object? value)
    {
        Mode = mode;
        Value = value;
    }

    /// <summary>Never answers (the default for every event).</summary>
    public static JsAnswer None { get; } = new("none", null);

    /// <summary>Answers with the event's own arguments.</summary>
    public static JsAnswer Echo { get; } = new("echo", null);

    /// <summary>Answers with <paramref name="value"/>.</summary>
    public static JsAnswer With(object? value) => new("value", value);

    internal string Mode { get; }

    internal object? Value { get; }
}
