using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// The connection middleware behind <c>UseSocketIO()</c>. It offers each connection to the WebSocket
/// requests it will carry (<see cref="ConnectionHandoff"/>), lets the HTTP server process the
/// connection as usual, and when a request claimed it, runs that WebSocket on the connection's own
/// pipes after the server is done with HTTP: no HTTP/1.1 layer sits between the frames and the socket
/// (or TLS) any more, and the server's per-request state is released.
/// </summary>
internal sealed class ConnectionHandoffMiddleware(ConnectionDelegate next, KestrelServerOptions? server, ILogger logger)
{
    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var transport = connection.Transport;
        var features = connection.Features;
        ConnectionHandoff? handoff = new(transport, features, Unusable());
        var heartbeat = HeartbeatRelay.Install(features);
        connection.Transport = new HandoffGuard(transport, handoff);
        var connectionId = connection.ConnectionId;
        // A second UseSocketIO() further in (after UseHttps()) makes its own offer; this one comes back after it.
        // Withdrawn in the finally below, which must follow at once: the offers are kept process-wide.
        var outer = ConnectionHandoff.Offer(connectionId, handoff);
        ExceptionDispatchInfo? failure = null;
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            connection.Transport = transport;
            ConnectionHandoff.Withdraw(connectionId, outer);
            heartbeat?.Uninstall(features, detach: handoff.IsClaimed);
        }
        // Even after a failure: on a broken connection the session ends at once, and the engine learns it.
        var session = handoff.TakeSession();
        // The session runs here rather than in a method of its own, and this method now waits for the connection's
        // whole life: a second pending method would be a second state machine on the heap per idle connection, and
        // the offer and the relay are let go for the same reason.
        handoff = null;
        heartbeat = null;
        if (session is not null)
        {
            // Server shutdown needs nothing of its own here: the engine closes every session when the application
            // stops, and Kestrel aborts the connections still open when its shutdown timeout passes.
            var closeTimeout = session.CloseTimeout;
            var graceful = false;
            try
            {
                var run = session.RunAsync();
                session = null;
                graceful = await run.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                TransportLog.HandedOverSessionFailed(logger, connection.ConnectionId, ex);
            }
            if (graceful)
                await EndGracefullyAsync(connection, transport, closeTimeout).ConfigureAwait(false);
            else
                // The peer stopped reading or the connection broke: nothing more can be delivered.
                connection.Abort(new ConnectionAbortedException("The WebSocket ended without delivering its close frame."));
        }
        failure?.Throw();
    }

    /// <summary>
    /// Kestrel counts an upgraded connection against MaxConcurrentUpgradedConnections only while its request
    /// runs, and a handed-over connection's request ends at once: with that limit set, WebSockets stay on
    /// Kestrel's stream so that the limit keeps counting them.
    /// </summary>
    private string? Unusable() =>
        server?.Limits.MaxConcurrentUpgradedConnections is not null ? "Kestrel's MaxConcurrentUpgradedConnections is set" : null;

    /// <summary>The close frame is out: the server sends what is left, then closes the connection.</summary>
    private static async Task EndGracefullyAsync(ConnectionContext connection, IDuplexPipe transport, TimeSpan closeTimeout)
    {
        await transport.Output.CompleteAsync().ConfigureAwait(false);
        await transport.Input.CompleteAsync().ConfigureAwait(false);
        _ = AbortLaterAsync(connection, closeTimeout);
    }

    /// <summary>
    /// Kestrel's response-drain timeout would cut off a peer that stops reading the last bytes; its heartbeat no
    /// longer reaches this connection, so the close timeout stands in for it. Aborting a connection that has
    /// already closed does nothing (and a transport that objects to it is ignored: the connection is gone).
    /// </summary>
    private static async Task AbortLaterAsync(ConnectionContext connection, TimeSpan timeout)
    {
        await Task.Delay(timeout).ConfigureAwait(false);
        try
        {
            connection.Abort(new ConnectionAbortedException("The peer did not take the end of the WebSocket in time."));
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
