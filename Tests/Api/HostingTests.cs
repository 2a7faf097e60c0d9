using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vantage.Api.Hosting;
using Vantage.Api.Security;
using Xunit;

namespace Vantage.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class HostingTests(ApiFixture fixture) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vantage-api-hosting-" + Guid.NewGuid().ToString("N"));

    private Dictionary<string, string?> WithoutKey() => new()
    {
        ["Vantage:Api:Key"] = "",
        [ApiKeyStore.EnvironmentVariable] = "",
        [DataFolder.EnvironmentVariable] = "",
        ["Vantage:Api:DataFolder"] = _folder,
    };

    [Fact]
    public async Task Development_generates_a_key_once_saves_it_and_reuses_it()
    {
        string key;
        using (var first = fixture.CreateFactory(WithoutKey()))
        {
            key = first.Services.GetRequiredService<ApiKeyStore>().Key;
            using var client = first.CreateApiClient();
            Assert.Equal(HttpStatusCode.OK, (await client.Get("/v1/zones")).Status);
        }
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal(key, File.ReadAllText(Path.Combine(_folder, ApiKeyStore.FileName)).Trim());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, ApiKeyStore.FileName)));

        using var second = fixture.CreateFactory(WithoutKey());
        Assert.Equal(key, second.Services.GetRequiredService<ApiKeyStore>().Key);
    }

    [Fact]
    public async Task The_environment_variable_key_wins_over_configuration()
    {
        var settings = WithoutKey();
        settings[ApiKeyStore.EnvironmentVariable] = "from-environment";
        settings["Vantage:Api:Key"] = "from-configuration";
        using var factory = fixture.CreateFactory(settings);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, "from-environment");

        Assert.Equal(HttpStatusCode.OK, (await client.Get("/v1/zones")).Status);
        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public void Production_without_a_key_refuses_to_start()
    {
        using var factory = fixture.CreateFactory(WithoutKey(), environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("No API key", error.ToString());
        Assert.False(File.Exists(Path.Combine(_folder, ApiKeyStore.FileName)));
    }

    [Fact]
    public void Development_certificate_is_created_once_for_localhost_and_reused_until_it_nears_expiry()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, DevelopmentCertificate.FileName);

        using var first = DevelopmentCertificate.LoadOrCreate(path, time);
        using var again = DevelopmentCertificate.LoadOrCreate(path, time);
        time.Advance(TimeSpan.FromDays(340));
        using var renewed = DevelopmentCertificate.LoadOrCreate(path, time);

        Assert.True(first.HasPrivateKey);
        Assert.Equal(first.Thumbprint, again.Thumbprint);
        Assert.NotEqual(first.Thumbprint, renewed.Thumbprint);
        Assert.Equal("CN=localhost", first.Subject);
        var san = first.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", san.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
        var usage = first.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Contains(usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
