using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SocketIO.Transports.Tcp.Tests.Support;

/// <summary>
/// Certificates made for one test run: a CA, a server certificate it signs (localhost, 127.0.0.1),
/// a device certificate it signs, and a rogue device certificate from another CA. PEM files for Node
/// are written to a temporary folder.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("sio-tcp-certs-").FullName;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Ca = CreateAuthority("CN=SocketIO Test CA", caKey);
        using var rogueKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rogueCa = CreateAuthority("CN=Rogue CA", rogueKey);
        Server = Issue("CN=localhost", Ca, server: true);
        Device = Issue("CN=device-42", Ca, server: false);
        Rogue = Issue("CN=rogue-device", rogueCa, server: false);
        File.WriteAllText(CaPem, Ca.ExportCertificatePem());
        WritePem(Device, DeviceCertPem, DeviceKeyPem);
        WritePem(Rogue, RogueCertPem, RogueKeyPem);
        File.WriteAllBytes(ServerPfx, Server.Export(X509ContentType.Pkcs12, PfxPassword));
    }

    public const string PfxPassword = "test-password";

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate with its private key.</summary>
    public X509Certificate2 Server { get; }

    public X509Certificate2 Device { get; }

    public X509Certificate2 Rogue { get; }

    public string CaPem => Path.Combine(Directory, "ca.pem");

    public string DeviceCertPem => Path.Combine(Directory, "device.pem");

    public string DeviceKeyPem => Path.Combine(Directory, "device.key");

    public string RogueCertPem => Path.Combine(Directory, "rogue.pem");

    public string RogueKeyPem => Path.Combine(Directory, "rogue.key");

    public string ServerPfx => Path.Combine(Directory, "server.pfx");

    /// <summary>Accepts a client certificate only if it chains to <see cref="Ca"/>.</summary>
    public bool IsIssuedByTestCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static X509Certificate2 CreateAuthority(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(60));
    }

    private static X509Certificate2 Issue(string subject, X509Certificate2 issuer, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("localhost");
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        // The authority came from CreateSelfSigned and carries its private key.
        using var signed = request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        using var withKey = signed.CopyWithPrivateKey(key);
        // Re-imported from PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static void WritePem(X509Certificate2 certificate, string certPath, string keyPath)
    {
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Device.Dispose();
        Rogue.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
