namespace SocketIO.Engine;

/// <summary>Request verification failures answered with a JSON body <c>{"code":N,"message":"…"}</c> (docs/protocol.md#request-verification).</summary>
public enum EngineError
{
    /// <summary>transport missing or not enabled.</summary>
    UnknownTransport = 0,
    /// <summary>sid not found.</summary>
    UnknownSid = 1,
    /// <summary>no sid and a method other than GET.</summary>
    BadHandshakeMethod = 2,
    /// <summary>transport mismatch and other malformed requests.</summary>
    BadRequest = 3,
    /// <summary>refused by allowRequest.</summary>
    Forbidden = 4,
    /// <summary>EIO is not 4.</summary>
    UnsupportedProtocolVersion = 5,
}

/// <summary>Wire messages for <see cref="EngineError"/>.</summary>
public static class EngineErrorMessages
{
    /// <summary>The message Node's engine.io sends for the error.</summary>
    public static string For(EngineError error) => error switch
    {
        EngineError.UnknownTransport => "Transport unknown",
        EngineError.UnknownSid => "Session ID unknown",
        EngineError.BadHandshakeMethod => "Bad handshake method",
        EngineError.BadRequest => "Bad request",
        EngineError.Forbidden => "Forbidden",
        EngineError.UnsupportedProtocolVersion => "Unsupported protocol version",
        _ => "Bad request",
    };

    /// <summary>The JSON body for an error, with an optional message override (allowRequest reasons).</summary>
    public static string Body(EngineError error, string? message = null) =>
        $"{{\"code\":{(int)error},\"message\":{System.Text.Json.JsonSerializer.Serialize(message ?? For(error))}}}";
}
