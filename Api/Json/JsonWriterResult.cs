using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vantage.Api.Json;

/// <summary>An <see cref="IResult"/> that streams JSON written by hand, so that stored raw JSON is echoed verbatim.</summary>
public sealed class JsonWriterResult(int statusCode, Action<Utf8JsonWriter> write) : IResult, IStatusCodeHttpResult
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public int? StatusCode => statusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            write(writer);
        }
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}

/// <summary>The small fixed JSON answers of the API.</summary>
public static class ApiResults
{
    /// <summary>NS1's error shape.</summary>
    public static JsonWriterResult Message(int statusCode, string message) => new(statusCode, w =>
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    /// <summary>What NS1 answers to a DELETE: <c>200 {}</c>.</summary>
    public static JsonWriterResult EmptyObject() => new(StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        w.WriteEndObject();
    });

    /// <summary>Writes <paramref name="message"/> as the response outside of endpoint results (middleware).</summary>
    public static Task WriteMessageAsync(HttpContext context, int statusCode, string message) =>
        Message(statusCode, message).ExecuteAsync(context);
}
