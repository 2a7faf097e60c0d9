using System.Net.Http.Headers;

namespace Vantage.Tests;

public static class HttpJson
{
    /// <summary>Sends <paramref name="json"/> (if any) as an <c>application/json</c> body.</summary>
    public static async Task<HttpResponseMessage> SendJson(this HttpClient http, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        return await http.SendAsync(request);
    }
}
