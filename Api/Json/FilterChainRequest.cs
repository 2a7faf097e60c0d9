using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Vantage.Api.Json;

/// <summary>
/// Reads a record's <c>filters</c>. Canonical entries (<c>{"filter": name, "config": {...}, ...}</c>) are kept
/// verbatim; ns1-python's shorthand <c>{"name": {config}}</c> is rewritten to the canonical form.
/// </summary>
public static class FilterChainRequest
{
    /// <summary>The chain as JSON to store, or null when <c>filters</c> was not sent (null resets it to <c>[]</c>).</summary>
    public static string? Parse(JsonElement body)
    {
        if (!body.TryGetProperty("filters", out var filters)) return null;
        if (filters.ValueKind == JsonValueKind.Null) return "[]";
        if (filters.ValueKind != JsonValueKind.Array) throw ApiRequestException.BadRequest("filters must be a JSON array");

        var index = 0;
        var canonical = true;
        foreach (var filter in filters.EnumerateArray())
        {
            canonical &= Kind(filter, index++) == EntryKind.Canonical;
        }
        return canonical ? filters.GetRawText() : Rewrite(filters);
    }

    private enum EntryKind { Canonical, Shorthand }

    private static EntryKind Kind(JsonElement filter, int index)
    {
        if (filter.ValueKind != JsonValueKind.Object)
            throw ApiRequestException.BadRequest($"filters[{index}] must be an object");
        if (filter.TryGetProperty("filter", out var name))
        {
            if (name.ValueKind != JsonValueKind.String)
                throw ApiRequestException.BadRequest($"filters[{index}].filter must be a string");
            return EntryKind.Canonical;
        }
        using var members = filter.EnumerateObject();
        if (members.Count() == 1 && members.First().Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
            return EntryKind.Shorthand;
        throw ApiRequestException.BadRequest($"filters[{index}] must name its filter (\"filter\": name)");
    }

    private static string Rewrite(JsonElement filters)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonWriterResult.WriterOptions))
        {
            w.WriteStartArray();
            foreach (var filter in filters.EnumerateArray())
            {
                if (filter.TryGetProperty("filter", out _))
                {
                    w.WriteRawValue(filter.GetRawText());
                    continue;
                }
                var only = filter.EnumerateObject().First();
                w.WriteStartObject();
                w.WriteString("filter", only.Name);
                w.WritePropertyName("config");
                if (only.Value.ValueKind == JsonValueKind.Null) w.WriteRawValue("{}");
                else w.WriteRawValue(only.Value.GetRawText());
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
