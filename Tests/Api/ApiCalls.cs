using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Vantage.Tests.Api;

/// <summary>An answer of the API with its body kept as text.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string Body, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Message => Json.GetProperty("message").GetString();

    /// <summary>The raw value of a response or content header.</summary>
    public string Header(string name) =>
        Headers.NonValidated.TryGetValues(name, out var values) ? string.Join(",", values)
        : ContentHeaders.NonValidated.TryGetValues(name, out var content) ? string.Join(",", content)
        : throw new KeyNotFoundException($"header {name} missing; status {Status}, body {Body}");

    public bool HasHeader(string name) =>
        Headers.NonValidated.Contains(name) || ContentHeaders.NonValidated.Contains(name);

    /// <summary>The URL of the <c>Link: &lt;...&gt;; rel="next"</c> header; fails the test when the header is not that shape.</summary>
    public string NextLink()
    {
        var header = Header("Link");
        var match = LinkHeader.Next().Match(header);
        Assert.True(match.Success, header);
        return match.Groups[1].Value;
    }
}

internal static partial class LinkHeader
{
    [System.Text.RegularExpressions.GeneratedRegex("^<([^>]+)>; rel=\"next\"$")]
    public static partial System.Text.RegularExpressions.Regex Next();
}

public static class ApiCalls
{
    /// <summary>Sends <paramref name="body"/> as bytes; <paramref name="contentType"/> null sends no Content-Type at all (like ns1-python).</summary>
    public static async Task<ApiResponse> Send(this HttpClient client, HttpMethod method, string path, string? body = null,
        string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, text, response.Headers, response.Content.Headers);
    }

    public static Task<ApiResponse> Get(this HttpClient client, string path) => client.Send(HttpMethod.Get, path);

    public static Task<ApiResponse> Put(this HttpClient client, string path, string body) => client.Send(HttpMethod.Put, path, body);

    public static Task<ApiResponse> Post(this HttpClient client, string path, string body) => client.Send(HttpMethod.Post, path, body);

    public static Task<ApiResponse> Delete(this HttpClient client, string path) => client.Send(HttpMethod.Delete, path);

    /// <summary>A zone name no other test uses.</summary>
    public static string NewZone(string prefix = "z") => $"{prefix}{Guid.NewGuid().ToString("N")[..10]}.test";

    public static async Task<ApiResponse> CreateZone(this HttpClient client, string zone, string? body = null)
    {
        var response = await client.Put($"/v1/zones/{zone}", body ?? $"{{\"zone\":\"{zone}\"}}");
        if (response.Status != HttpStatusCode.OK) throw new InvalidOperationException($"create {zone}: {response.Status} {response.Body}");
        return response;
    }

    public static string[] Names(this JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).ToArray();

    /// <summary>JSON text with insignificant whitespace removed, for verbatim comparisons.</summary>
    public static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    public static string Compact(JsonElement element) => JsonSerializer.Serialize(element);
}
