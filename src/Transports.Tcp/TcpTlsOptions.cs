using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace SocketIO.Transports.Tcp;

/// <summary>Whether a TLS endpoint asks devices for a client certificate.</summary>
public enum TcpClientCertificateMode
{
    /// <summary>No client certificate is asked for.</summary>
    NoCertificate,
    /// <summary>One is asked for; a device may connect without, but one it sends must pass validation.</summary>
    AllowCertificate,
    /// <summary>A valid client certificate is required: the usual device identity of an IoT fleet.</summary>
    RequireCertificate,
}

/// <summary>TLS settings of a TCP endpoint: the server certificate and the client certificate policy.</summary>
public sealed class TcpTlsOptions
{
    /// <summary>The server certificate with its private key; takes precedence over <see cref="CertificatePath"/>.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>A PKCS#12 (.pfx) file holding the server certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>, if any.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Whether client certificates are asked for or required.</summary>
    public TcpClientCertificateMode ClientCertificateMode { get; set; }

    /// <summary>
    /// Decides whether a client certificate is accepted. Null (the default) accepts one whose chain the
    /// machine trusts (no <see cref="SslPolicyErrors"/>). The accepted certificate is then on
    /// <c>socket.Handshake.ClientCertificate</c> for middleware.
    /// </summary>
    public Func<X509Certificate2, X509Chain?, SslPolicyErrors, bool>? ClientCertificateValidation { get; set; }

    /// <summary>The TLS versions allowed; <see cref="SslProtocols.None"/> (the default) lets the system choose.</summary>
    public SslProtocols EnabledProtocols { get; set; } = SslProtocols.None;

    /// <summary>Returns the first invalid setting as a message, or null when all are valid.</summary>
    public string? Validate()
    {
        if (Certificate is null && string.IsNullOrEmpty(CertificatePath))
            return $"set {nameof(Certificate)} or {nameof(CertificatePath)}.";
        if (Certificate is null && !File.Exists(CertificatePath))
            return $"{nameof(CertificatePath)} '{CertificatePath}' does not exist.";
        if (Certificate is { HasPrivateKey: false })
            return $"{nameof(Certificate)} has no private key.";
        return null;
    }
}
