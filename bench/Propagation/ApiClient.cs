using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Vantage.Bench.Propagation;

/// <summary>The few NS1 API calls the benchmarks make; any non-2xx answer throws with the response body.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, string key)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Add("X-NSONE-Key", key);
    }

    /// <summary>Polls <c>GET /v1/zones</c> until it answers 200 (the API is up and reaches the cluster).</summary>
    public async Task WaitReady(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync("/v1/zones").ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the API at {_http.BaseAddress} was not ready within {timeout}");
            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    public Task CreateZone(string zone) => Send(HttpMethod.Put, $"/v1/zones/{zone}", "{}");

    public Task ImportZoneFile(string zone, string text)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "zonefile", $"{zone}.zone");
        return Send(new HttpRequestMessage(HttpMethod.Put, $"/v1/import/zonefile/{zone}") { Content = form });
    }

    /// <summary>Creates the A record set <paramref name="fqdn"/> (PUT).</summary>
    public Task CreateA(string zone, string fqdn, IPAddress address) => Send(HttpMethod.Put, RecordPath(zone, fqdn), ABody(zone, fqdn, address));

    /// <summary>Replaces the answers of the A record set <paramref name="fqdn"/> (POST).</summary>
    public Task UpdateA(string zone, string fqdn, IPAddress address) => Send(HttpMethod.Post, RecordPath(zone, fqdn), ABody(zone, fqdn, address));

    private static string RecordPath(string zone, string fqdn) => $"/v1/zones/{zone}/{fqdn}/A";

    private static string ABody(string zone, string fqdn, IPAddress address) =>
        $$"""{"zone":"{{zone}}","domain":"{{fqdn}}","type":"A","answers":[{"answer":["{{address}}"]}]}""";

    private Task Send(HttpMethod method, string path, string json) =>
        Send(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    private async Task Send(HttpRequestMessage request)
    {
        using (request)
        using (var response = await _http.SendAsync(request).ConfigureAwait(false))
        {
            // Read the whole body: the write is acknowledged when the response is complete.
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                throw new InvalidOperationException($"{request.Method} {request.RequestUri}: rate limited (raise Vantage__Api__RateLimits__*__Limit)");
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {body}");
        }
    }

    public void Dispose() => _http.Dispose();
}
