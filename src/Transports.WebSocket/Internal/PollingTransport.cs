using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// HTTP long-polling (docs/protocol.md#polling): a GET is held until the session has packets and answered with all
/// of them; a POST carries one or more client packets. At most one of each is in flight.
/// </summary>
internal sealed partial class PollingTransport(ILogger logger, int maxHttpBufferSize) : IEngineTransport
{
    /// <summary>Separates packets in a polling payload (EIO4).</summary>
    internal const byte RecordSeparator = 0x1E;

    private EngineChannel? _channel;
    private int _getBusy;
    private int _postBusy;
    private CancellationTokenSource? _wake;
    private volatile bool _closed;
    private volatile bool _clientClosed;

    public string Name => "polling";

    /// <summary>The session this transport serves (EIO4 polling payloads are always text: binary travels as 'b' + base64).</summary>
    private EngineSession Session => _channel!.Session;

    /// <summary>Binds the transport to the session it opened.</summary>
    public void Attach(EngineChannel channel) => _channel = channel;

    /// <summary>True while a GET is waiting for packets.</summary>
    internal bool HasHeldPoll => Volatile.Read(ref _wake) is not null;

    /// <summary>True while a POST is being read or handled.</summary>
    internal bool HasPostInFlight => Volatile.Read(ref _postBusy) != 0;

    /// <summary>Answers a held GET with a noop so a client pausing for an upgrade can go on.</summary>
    public void ReleasePending() => Wake();

    /// <summary>The session closed or moved to another transport: a held GET is answered now.</summary>
    public void Close()
    {
        _closed = true;
        Wake();
    }

    private void Wake()
    {
        try
        {
            Volatile.Read(ref _wake)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the GET finished meanwhile
        }
    }

    /// <summary>Routes a request that carries this session's sid.</summary>
    public Task HandleAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method))
            return HandleGetAsync(context);
        if (HttpMethods.IsPost(context.Request.Method))
            return HandlePostAsync(context);
        // engine.io answers any other method on a valid sid with 500.
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return Task.CompletedTask;
    }
}
