using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Handoff;

/// <summary>
/// A Kestrel server of one test, with the listen setup the test chooses (plain, TLS in either order,
/// HTTP/2), a bare echo engine at /engine.io/ and a count of the connections Kestrel is still processing.
/// </summary>
internal sealed class HandoffHost : IAsyncDisposable
{
    private WebApplication _app = null!;
    private int _openConnections;

    public Uri BaseUri { get; private set; } = null!;

    public LogSink Logs { get; } = new();

    public HandoffTracker Handoffs { get; } = new();

    /// <summary>Open engine sessions by sid.</summary>
    public ConcurrentDictionary<string, EngineSession> Sessions { get; } = new();

    /// <summary>Kestrel's HTTP/1.1 connection state (its IHttpUpgradeFeature) of each WebSocket request, weakly held.</summary>
    public ConcurrentQueue<WeakReference> UpgradeRequests { get; } = new();

    /// <summary>Connections whose connection middleware has not returned yet.</summary>
    public int OpenConnections => Volatile.Read(ref _openConnections);

    /// <summary>A self-signed certificate for 127.0.0.1, made for this test run.</summary>
    public static X509Certificate2 Certificate { get; } = CreateCertificate();

    /// <summary>
    /// Starts a server whose one endpoint, on a free loopback port, <paramref name="listen"/> configures
    /// after the connection counter; <paramref name="configure"/> adds Kestrel limits or host settings.
    /// </summary>
    public static async Task<HandoffHost> StartAsync(
        Action<ListenOptions> listen,
        Action<EngineOptions>? engine = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var host = new HandoffHost();
        var builder = WebApplication.CreateSlimBuilder();
        // First: Kestrel applies endpoint defaults (UseSocketIOConnections) when an endpoint is declared.
        configure?.Invoke(builder);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, options =>
        {
            options.Use(next => async connection =>
            {
                Interlocked.Increment(ref host._openConnections);
                try
                {
                    await next(connection);
                }
                finally
                {
                    Interlocked.Decrement(ref host._openConnections);
                }
            });
            listen(options);
        }));
        builder.Logging.ClearProviders().AddProvider(host.Logs).SetMinimumLevel(LogLevel.Debug);
        host._app = builder.Build();
        host.Handoffs.Install(host._app);
        host._app.Use((context, next) =>
        {
            if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
                host.UpgradeRequests.Enqueue(new WeakReference(upgrade));
            return next(context);
        });
        host._app.MapEngineIO("/engine.io", host.OnConnection, o =>
        {
            o.PingInterval = TimeSpan.FromSeconds(20);
            o.PingTimeout = TimeSpan.FromSeconds(10);
            engine?.Invoke(o);
        });
        await host._app.StartAsync().WaitAsync(Wait.Timeout);
        host.BaseUri = new Uri(host._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return host;
    }

    private void OnConnection(EngineSession session)
    {
        Sessions[session.Id] = session;
        session.Closed += (s, _) => Sessions.TryRemove(s.Id, out EngineSession? _);
        session.MessageReceived += (s, packet) => s.Send(packet);
    }

    /// <summary>Stops the server (the engine closes its sessions first, as on any host shutdown).</summary>
    public Task StopAsync() => _app.StopAsync().WaitAsync(Wait.Timeout);

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(Wait.Timeout);
        await _app.DisposeAsync().AsTask().WaitAsync(Wait.Timeout);
    }
}
