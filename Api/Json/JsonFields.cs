using System.Collections.Immutable;
using System.Text.Json;
using Vantage.Model;

namespace Vantage.Api.Json;

/// <summary>
/// Typed access to optional members of a request object. A missing member yields null ("not sent");
/// a member of the wrong JSON kind is a 400 naming the member.
/// </summary>
public static class JsonFields
{
    public static int? Int(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        throw ApiRequestException.BadRequest($"{name} must be an integer");
    }

    public static bool? Bool(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiRequestException.BadRequest($"{name} must be true or false"),
        };
    }

    /// <summary>A string member; JSON null reads as <paramref name="whenNull"/>.</summary>
    public static string? String(JsonElement body, string name, string? whenNull = null)
    {
        if (!body.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.Null => whenNull,
            JsonValueKind.String => value.GetString(),
            _ => throw ApiRequestException.BadRequest($"{name} must be a string"),
        };
    }

    /// <summary>
    /// A JSON object or array member kept as raw text, to be echoed verbatim. JSON null resets it to
    /// <paramref name="whenNull"/> (the empty object or array).
    /// </summary>
    public static string? Raw(JsonElement body, string name, JsonValueKind kind, string? whenNull)
    {
        if (!body.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Null) return whenNull;
        if (value.ValueKind != kind)
            throw ApiRequestException.BadRequest($"{name} must be a JSON {(kind == JsonValueKind.Object ? "object" : "array")}");
        return value.GetRawText();
    }

    public static ImmutableArray<int>? IntArray(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw ApiRequestException.BadRequest($"{name} must be an array of integers");
        var items = ImmutableArray.CreateBuilder<int>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var number))
                throw ApiRequestException.BadRequest($"{name} must be an array of integers");
            items.Add(number);
        }
        return items.MoveToImmutable();
    }

    /// <summary>
    /// Checks that a body member naming the resource (<c>zone</c>, <c>domain</c>) agrees with the URL
    /// (case-insensitive, trailing dot ignored).
    /// </summary>
    public static void MustMatchName(JsonElement body, string name, string fromUrl)
    {
        var sent = String(body, name);
        if (sent is null) return;
        if (!string.Equals(DnsNames.Normalize(sent), fromUrl, StringComparison.Ordinal))
            throw ApiRequestException.BadRequest($"{name} \"{sent}\" in the body does not match \"{fromUrl}\" in the URL");
    }

    /// <summary>Checks that a body <c>type</c> member agrees with the URL (case-insensitive).</summary>
    public static void MustMatchType(JsonElement body, string fromUrl)
    {
        var sent = String(body, "type");
        if (sent is null) return;
        if (!string.Equals(sent.Trim(), fromUrl, StringComparison.OrdinalIgnoreCase))
            throw ApiRequestException.BadRequest($"type \"{sent}\" in the body does not match \"{fromUrl}\" in the URL");
    }
}
