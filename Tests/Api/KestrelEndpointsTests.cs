using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Vantage.Api.Hosting;
using Xunit;

namespace Vantage.Tests.Api;

/// <summary>The real Kestrel server: HTTP and HTTPS on 127.0.0.1 (ports picked free), HTTPS with the generated development certificate.</summary>
[Collection(ApiCollection.Name)]
public sealed class KestrelEndpointsTests(ApiFixture fixture) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vantage-api-kestrel-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Serves_http_and_https_on_loopback_with_the_saved_development_certificate()
    {
        var (httpPort, httpsPort) = (Ports.Free(), Ports.Free());
        using var factory = fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Vantage:Api:HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Vantage:Api:HttpsPort"] = httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [DataFolder.EnvironmentVariable] = "",
            ["Vantage:Api:DataFolder"] = _folder,
        });
        factory.UseKestrel();
        factory.StartServer();

        X509Certificate2? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                presented = certificate is null ? null : new X509Certificate2(certificate);
                return true;
            },
        };
        using var client = new HttpClient(handler);

        var http = await client.GetAsync($"http://127.0.0.1:{httpPort}/health");
        var https = await client.GetAsync($"https://127.0.0.1:{httpsPort}/health");

        Assert.Equal(HttpStatusCode.OK, http.StatusCode);
        Assert.Equal(HttpStatusCode.OK, https.StatusCode);
        Assert.Equal("Vantage API v1", string.Join(" ", https.Headers.NonValidated["Server"]));
        using var saved = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(_folder, DevelopmentCertificate.FileName), password: null);
        Assert.NotNull(presented);
        Assert.Equal(saved.Thumbprint, presented!.Thumbprint);
        presented.Dispose();
    }


    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
