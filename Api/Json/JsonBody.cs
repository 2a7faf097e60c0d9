using System.Text.Json;

namespace Vantage.Api.Json;

/// <summary>
/// Reads a request body as a JSON object whatever its Content-Type says (ns1-python sends none).
/// An empty body counts as <c>{}</c>. A body over the request's <see cref="Hosting.RequestBodyBudget"/> is 413.
/// </summary>
public static class JsonBody
{
    /// <summary>Deepest accepted nesting; deeper bodies are 400.</summary>
    public const int MaxDepth = 64;

    /// <summary>The budget when the pipeline set none (1 MiB, the default of <c>Vantage:Api:MaxJsonBodyBytes</c>).</summary>
    public const long DefaultMaxBytes = 1L << 20;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public static async Task<JsonDocument> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var budget = request.HttpContext.Features.Get<Hosting.RequestBodyBudget>() ?? new Hosting.RequestBodyBudget(DefaultMaxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > budget.MaxBytes) throw new ApiRequestException(StatusCodes.Status413PayloadTooLarge, budget.TooLargeMessage);
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (IsBlank(bytes.Span)) return JsonDocument.Parse("{}");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw ApiRequestException.BadRequest("invalid json: " + e.Message);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw ApiRequestException.BadRequest("invalid json: the body must be a JSON object");
        }
        return document;
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        }
        return true;
    }
}
