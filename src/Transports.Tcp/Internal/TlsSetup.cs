using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SocketIO.Transports.Tcp.Internal;

/// <summary>Turns <see cref="TcpTlsOptions"/> into the server authentication options shared by every connection of an endpoint.</summary>
internal static class TlsSetup
{
    public static SslServerAuthenticationOptions Create(TcpTlsOptions tls)
    {
        var certificate = tls.Certificate ?? X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath!, tls.CertificatePassword);
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"The TLS certificate '{certificate.Subject}' has no private key.");
        var mode = tls.ClientCertificateMode;
        var validate = tls.ClientCertificateValidation;
        var options = new SslServerAuthenticationOptions
        {
            // Built once per endpoint, offline: no connection waits on fetching intermediates.
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
            ClientCertificateRequired = mode != TcpClientCertificateMode.NoCertificate,
            EnabledSslProtocols = tls.EnabledProtocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (mode != TcpClientCertificateMode.NoCertificate)
        {
            options.RemoteCertificateValidationCallback = (_, presented, chain, errors) =>
            {
                if (presented is null)
                    return mode == TcpClientCertificateMode.AllowCertificate;
                var certificate2 = presented as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
                return validate?.Invoke(certificate2, chain, errors) ?? errors == SslPolicyErrors.None;
            };
        }
        return options;
    }
}
