using System.Net;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task Kestrel_enforces_the_body_budgets_of_the_settings_also_on_chunked_bodies()
    {
        var httpPort = Ports.Free();
        using var factory = fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Vantage:Api:HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Vantage:Api:HttpsPort"] = "0",
            ["Vantage:Api:MaxJsonBodyBytes"] = "4096",
            ["Vantage:Api:MaxZoneFileBytes"] = "8192",
        });
        factory.UseKestrel();
        factory.StartServer();
        var kestrel = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value;
        Assert.Equal(8192, kestrel.Limits.MaxRequestBodySize);

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        client.DefaultRequestHeaders.Add(Vantage.Api.Security.ApiKeyAuthenticationHandler.HeaderName, fixture.ApiKey);
        var zone = ApiCalls.NewZone("kbudget");
        await client.CreateZone(zone);
        var body = System.Text.Encoding.UTF8.GetBytes("{\"meta\":{\"note\":\"" + new string('k', 6000) + "\"}}");
        using var chunked = new StreamContent(new NonSeekable(body));
        using var sized = new ByteArrayContent(body);

        using var chunkedAnswer = await client.PostAsync($"/v1/zones/{zone}", chunked);
        using var sizedAnswer = await client.PostAsync($"/v1/zones/{zone}", sized);

        foreach (var answer in new[] { chunkedAnswer, sizedAnswer })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
            Assert.Equal("""{"message":"request body too large: the limit is 4096 bytes"}""", await answer.Content.ReadAsStringAsync());
        }
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
