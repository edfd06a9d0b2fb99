using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SocketIO.Transports.Tcp.Tests.Support;

/// <summary>
/// One Socket.IO server on 127.0.0.1 serving both HTTP (Kestrel, MapSocketIO) and raw TCP
/// (AddTcpTransport): a plain endpoint, a TLS endpoint that allows client certificates, and a TLS
/// endpoint that requires one from the test CA.
/// </summary>
public class TcpTestServer : IAsyncLifetime
{
    /// <summary>maxHttpBufferSize, the largest accepted frame.</summary>
    public const int MaxPayload = 100_000;

    /// <summary>How long a connection may take to open.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(1);

    private WebApplication? _app;

    /// <summary>True for the msgpack parser.</summary>
    protected virtual bool Msgpack => false;

    public string ParserName => Msgpack ? "msgpack" : "json";

    public TestCertificates Certificates { get; } = new();

    public Uri HttpUri { get; private set; } = null!;

    public IPEndPoint Tcp { get; private set; } = null!;

    public IPEndPoint Tls { get; private set; } = null!;

    public IPEndPoint TlsRequired { get; private set; } = null!;

    public SocketIOServer Io { get; private set; } = null!;

    public TcpTransportService Transport { get; private set; } = null!;

    public LogSink Logs { get; } = new();

    /// <summary>Server-side disconnect reasons by socket id.</summary>
    public ConcurrentDictionary<string, string> Disconnects { get; } = new();

    /// <summary>Events the server received, by name, for tests that check a device's emit arrived.</summary>
    public ConcurrentQueue<(string Event, string Args)> Received { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug);
        var io = builder.Services
            .AddSocketIO(o =>
            {
                o.MaxHttpBufferSize = MaxPayload;
                o.ConnectTimeout = TimeSpan.FromSeconds(5);
            })
            .Configure(server => TestNamespaces.Configure(server, this))
            .AddTcpTransport(o =>
            {
                o.HandshakeTimeout = HandshakeTimeout;
                o.CloseTimeout = TimeSpan.FromSeconds(2);
                o.Listen(IPAddress.Loopback, 0);
                o.Listen(IPAddress.Loopback, 0, tls =>
                {
                    tls.Certificate = Certificates.Server;
                    tls.ClientCertificateMode = TcpClientCertificateMode.AllowCertificate;
                    tls.ClientCertificateValidation = (certificate, _, _) => Certificates.IsIssuedByTestCa(certificate);
                });
                o.Listen(IPAddress.Loopback, 0, tls =>
                {
                    tls.CertificatePath = Certificates.ServerPfx;
                    tls.CertificatePassword = TestCertificates.PfxPassword;
                    tls.ClientCertificateMode = TcpClientCertificateMode.RequireCertificate;
                    tls.ClientCertificateValidation = (certificate, _, _) => Certificates.IsIssuedByTestCa(certificate);
                });
            });
        if (Msgpack)
            io.AddMessagePackParser();
        _app = builder.Build();
        _app.MapSocketIO("/socket.io");
        await _app.StartAsync().WaitAsync(Wait.Timeout);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        HttpUri = new Uri(addresses.Addresses.First());
        Io = _app.Services.GetRequiredService<SocketIOServer>();
        Transport = _app.Services.GetRequiredService<TcpTransportService>();
        Tcp = Transport.EndPoints[0];
        Tls = Transport.EndPoints[1];
        TlsRequired = Transport.EndPoints[2];
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(Wait.Timeout);
            await _app.DisposeAsync().AsTask().WaitAsync(Wait.Timeout);
        }
        Certificates.Dispose();
    }
}

/// <summary>The same server with the msgpack parser.</summary>
public sealed class MsgpackTcpTestServer : TcpTestServer
{
    protected override bool Msgpack => true;
}

/// <summary>The tests that share one JSON <see cref="TcpTestServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<TcpTestServer>
{
    public const string Name = "tcp-server";
}

/// <summary>The tests that share one msgpack <see cref="MsgpackTcpTestServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class MsgpackServerCollection : ICollectionFixture<MsgpackTcpTestServer>
{
    public const string Name = "tcp-server-msgpack";
}
