using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vantage.Api.Hosting;

/// <summary>A self-signed certificate for localhost and 127.0.0.1, generated once and kept as a PFX in the data folder.</summary>
public static class DevelopmentCertificate
{
    public const string FileName = "api-cert.pfx";

    /// <summary>Loads the saved certificate, or creates and saves a new one when it is missing or expires within 30 days.</summary>
    public static X509Certificate2 LoadOrCreate(string pfxPath, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (File.Exists(pfxPath))
        {
            var saved = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, password: null);
            if (saved.HasPrivateKey && saved.NotAfter.ToUniversalTime() > now.UtcDateTime.AddDays(30)) return saved;
            saved.Dispose();
        }

        var pfx = Create(now);
        DataFolder.WritePrivate(pfxPath, pfx);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }

    /// <summary>A new self-signed server certificate as PFX bytes (no password; the file is readable by its owner only).</summary>
    public static byte[] Create(DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return certificate.Export(X509ContentType.Pfx);
    }
}
