// An IoT backend on the .NET generic host, with no ASP.NET Core: devices connect over raw TCP (TLS
// when a certificate is configured) to /devices with a token, send telemetry, and answer commands.
// Run: dotnet run --project samples/Devices
//   TCP_PORT=5000 (0 picks a free port), DEVICE_TOKEN=device-token,
//   TLS_CERT=server.pfx and TLS_PASSWORD=... for TLS.
// Then a device: clients/c (sioc-example 127.0.0.1 5000 /devices device-token sensor-1)
// or the .NET client (SocketIO.Client.Tcp); see the README, "Devices over TCP".
using System.Net;
using Devices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocketIO.Transports.Tcp;

var port = int.Parse(Environment.GetEnvironmentVariable("TCP_PORT") is { Length: > 0 } p ? p : "5000", System.Globalization.CultureInfo.InvariantCulture);
var token = Environment.GetEnvironmentVariable("DEVICE_TOKEN") is { Length: > 0 } t ? t : "device-token";
var certificate = Environment.GetEnvironmentVariable("TLS_CERT");

var builder = Host.CreateApplicationBuilder(args);
var store = new TelemetryStore();
builder.Services.AddSingleton(store);
builder.Services
    .AddSocketIO()
    .Configure(io => DeviceHub.Configure(io, token, store))
    .AddTcpTransport(o => o.Listen(IPAddress.Any, port, certificate is { Length: > 0 } ? tls =>
    {
        tls.CertificatePath = certificate;
        tls.CertificatePassword = Environment.GetEnvironmentVariable("TLS_PASSWORD");
    } : null));

using var host = builder.Build();
await host.StartAsync();
var endpoint = host.Services.GetRequiredService<TcpTransportService>().EndPoints[0];
Console.WriteLine($"Devices backend listening on tcp://127.0.0.1:{endpoint.Port}{(certificate is { Length: > 0 } ? " (TLS)" : "")}, namespace /devices");
await host.WaitForShutdownAsync();
