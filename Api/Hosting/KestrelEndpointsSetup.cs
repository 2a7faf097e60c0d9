using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Vantage.Api.Hosting;

/// <summary>
/// Binds HTTP and HTTPS on <see cref="ApiOptions.ListenAddress"/>. The certificate comes from
/// <see cref="ApiOptions.CertificatePath"/>, else (Development) from the generated one in the data folder;
/// in Production without a certificate HTTPS is skipped with a warning. Runs only when Kestrel is the server.
/// </summary>
internal sealed partial class KestrelEndpointsSetup(
    IOptions<ApiOptions> options,
    IHostEnvironment environment,
    DataFolder dataFolder,
    TimeProvider time,
    ILogger<KestrelEndpointsSetup> logger) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        var api = options.Value;
        kestrel.AddServerHeader = false;
        // Kestrel's own body limit is the larger of the two budgets; each request then gets its own (RequestGuards).
        kestrel.Limits.MaxRequestBodySize = Math.Max(api.MaxJsonBodyBytes, api.MaxZoneFileBytes);
        var address = IPAddress.Parse(api.ListenAddress);
        if (api.HttpPort > 0) kestrel.Listen(address, api.HttpPort);
        if (api.HttpsPort <= 0) return;

        var certificate = LoadCertificate(api);
        if (certificate is null)
        {
            LogNoCertificate(logger, api.HttpsPort);
            return;
        }
        kestrel.Listen(address, api.HttpsPort, listen => listen.UseHttps(certificate));
    }

    private X509Certificate2? LoadCertificate(ApiOptions api)
    {
        if (api.CertificatePath is { Length: > 0 } path)
            return X509CertificateLoader.LoadPkcs12FromFile(path, api.CertificatePassword);
        if (!environment.IsDevelopment()) return null;
        var pfx = dataFolder.File(DevelopmentCertificate.FileName);
        var certificate = DevelopmentCertificate.LoadOrCreate(pfx, time);
        LogDevelopmentCertificate(logger, pfx, certificate.Thumbprint);
        return certificate;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No certificate configured (Vantage:Api:CertificatePath); HTTPS on port {Port} is disabled")]
    private static partial void LogNoCertificate(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTPS uses the development certificate {Path} (thumbprint {Thumbprint})")]
    private static partial void LogDevelopmentCertificate(ILogger logger, string path, string thumbprint);
}
