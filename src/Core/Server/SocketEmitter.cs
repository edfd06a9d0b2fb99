namespace SocketIO;

/// <summary>
/// An emit to one socket with flags: <c>socket.Volatile.Emit(…)</c>, <c>socket.Compress(false).Emit(…)</c>,
/// <c>socket.Timeout(t).EmitWithAckAsync(…)</c>, chainable like Node's <c>socket.volatile.timeout(ms).emit(…)</c>.
/// </summary>
public readonly struct SocketEmitter
{
    private readonly Socket _socket;
    private readonly TimeSpan? _timeout;
    private readonly bool _volatile;
    private readonly bool _noCompress;

    internal SocketEmitter(Socket socket, TimeSpan? timeout = null, bool isVolatile = false, bool noCompress = false)
    {
        _socket = socket;
        _timeout = timeout;
        _volatile = isVolatile;
        _noCompress = noCompress;
    }

    /// <summary>The emit may be dropped when the client's outbound queue is full, instead of disconnecting it.</summary>
    public SocketEmitter Volatile => new(_socket, _timeout, true, _noCompress);

    /// <summary>Compression hint; the transports of this project do not compress single messages, so it changes nothing on the wire.</summary>
    public SocketEmitter Compress(bool compress) => new(_socket, _timeout, _volatile, !compress);

    /// <summary>How long <see cref="EmitWithAckAsync"/> waits for the ack.</summary>
    public SocketEmitter Timeout(TimeSpan timeout) => new(_socket, timeout, _volatile, _noCompress);

    /// <summary>True when the emit is volatile.</summary>
    public bool IsVolatile => _volatile;

    /// <summary>The compression hint (true unless <see cref="Compress"/> turned it off).</summary>
    public bool IsCompressed => !_noCompress;

    /// <summary>Sends an event; false when the socket is disconnected or a volatile packet was dropped.</summary>
    public bool Emit(string eventName, params object?[] args) => _socket.EmitCore(eventName, args, _volatile);

    /// <summary>
    /// Sends an event and waits for the ack; throws <see cref="TimeoutException"/> when a timeout was set and
    /// the ack does not come in time, and <see cref="InvalidOperationException"/> when the packet could not be sent.
    /// </summary>
    public Task<SocketArgs> EmitWithAckAsync(string eventName, params object?[] args) => _socket.EmitWithAckCore(eventName, args, _timeout, _volatile);
}
