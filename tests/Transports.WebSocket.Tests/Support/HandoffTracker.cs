using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SocketIO.Transports.WebSocket.Internal;

namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>
/// Watches every request of a test server that has the connection opt-in (UseSocketIOConnections): each
/// WebSocket upgrade answered with 101 must have been handed over, so a test of that server cannot pass
/// by silently running on Kestrel's upgraded stream. A handed-over upgrade request ends right after its
/// 101; one left on Kestrel's stream runs as long as its WebSocket, which the check waits for.
/// </summary>
public sealed class HandoffTracker
{
    private readonly ConcurrentQueue<string> _streamUpgrades = new();
    private int _handedOver;
    private int _running;

    /// <summary>How many WebSockets took their connection over so far.</summary>
    public int HandedOver => Volatile.Read(ref _handedOver);

    /// <summary>Adds the check around every request of <paramref name="app"/> (before its endpoints).</summary>
    public void Install(WebApplication app) =>
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true })
            {
                await next(context);
                return;
            }
            Interlocked.Increment(ref _running);
            try
            {
                await next(context);
                if (context.Response.StatusCode != StatusCodes.Status101SwitchingProtocols)
                    return;
                if (IsHandedOver(context))
                    Interlocked.Increment(ref _handedOver);
                else
                    _streamUpgrades.Enqueue($"{context.Request.Path}{context.Request.QueryString}");
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        });

    /// <summary>True when the request's connection was claimed by its WebSocket (read before the request ends).</summary>
    public static bool IsHandedOver(HttpContext context) =>
        ConnectionHandoff.Of(context) is { IsClaimed: true };

    /// <summary>Fails if an upgrade since the last call stayed on Kestrel's stream (or is still running on it).</summary>
    public async Task AssertEveryUpgradeWasHandedOverAsync()
    {
        await Wait.UntilAsync(() => Volatile.Read(ref _running) == 0, "every upgrade request has ended, as handed-over ones do at once");
        var missed = new List<string>();
        while (_streamUpgrades.TryDequeue(out var upgrade))
            missed.Add(upgrade);
        Assert.True(missed.Count == 0, $"WebSocket upgrades that were not handed over: {string.Join(", ", missed)}");
    }
}
