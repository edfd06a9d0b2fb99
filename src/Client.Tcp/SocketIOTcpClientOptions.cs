using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SocketIO.Protocol;

namespace SocketIO.DeviceClient;

/// <summary>Settings of a <see cref="SocketIOTcpClient"/>; reconnection defaults match socket.io-client's.</summary>
public sealed class SocketIOTcpClientOptions
{
    /// <summary>The server's host name or address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The server's TCP transport port.</summary>
    public int Port { get; set; }

    /// <summary>Connects over TLS.</summary>
    public bool UseTls { get; set; }

    /// <summary>The name the server certificate must carry; <see cref="Host"/> when null.</summary>
    public string? TlsTargetHost { get; set; }

    /// <summary>The device's client certificate(s), for servers that use them as identity.</summary>
    public X509CertificateCollection? ClientCertificates { get; set; }

    /// <summary>Decides whether the server certificate is accepted; null accepts one the machine trusts.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>How long connecting (TCP, TLS and the open packet) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Reconnects after the connection is lost.</summary>
    public bool Reconnection { get; set; } = true;

    /// <summary>Most reconnection attempts in a row before giving up.</summary>
    public int ReconnectionAttempts { get; set; } = int.MaxValue;

    /// <summary>The first reconnection delay; it doubles with each failed attempt.</summary>
    public TimeSpan ReconnectionDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest reconnection delay.</summary>
    public TimeSpan ReconnectionDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Random spread of each delay, from 0 to 1 (0.5: ±50 %).</summary>
    public double RandomizationFactor { get; set; } = 0.5;

    /// <summary>How long <c>DeviceSocket.EmitWithAckAsync</c> waits for the ack when no timeout is given.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most emits kept while a socket is not connected; older ones are dropped beyond it.</summary>
    public int MaxBufferedEmits { get; set; } = 1000;

    /// <summary>The packet parser; the default JSON parser when null (the server's must match).</summary>
    public IPacketParser? Parser { get; set; }

    /// <summary>Serializer settings for event arguments (web defaults when null).</summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }
}
