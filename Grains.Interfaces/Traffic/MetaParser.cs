using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Vantage.Traffic;

/// <summary>
/// Parses and validates one level's meta object (record, region or answer). Values are accepted in the forms
/// real clients send: JSON strings, numbers or booleans for scalars; JSON arrays or comma-separated strings for
/// lists. Any value may be a feed pointer <c>{"feed":"id"}</c>. The JSON itself is never rewritten: this only reads it.
/// </summary>
public static class MetaParser
{
    public const int MaxNoteLength = 256;
    public const int MaxListEntries = 1000;

    /// <summary>Every meta key NS1 defines and the engine accepts.</summary>
    public static readonly ImmutableArray<string> Keys =
    [
        "up", "connections", "requests", "loadavg", "pulsar", "latitude", "longitude", "georegion", "country",
        "us_state", "ca_province", "subdivisions", "note", "ip_prefixes", "asn", "priority", "weight", "cost",
        "low_watermark", "high_watermark", "additional_metadata",
    ];

    private static readonly FrozenSet<string> KnownKeys = Keys.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Parses <paramref name="metaJson"/> (a JSON object, verbatim as stored; null or empty = no meta).
    /// Returns null on success, otherwise the problem without location prefix, e.g. <c>meta weight must be a number</c>.
    /// </summary>
    public static string? Parse(string? metaJson, out MetaValues values)
    {
        values = MetaValues.Empty;
        if (string.IsNullOrWhiteSpace(metaJson)) return null;
        try
        {
            using var doc = JsonDocument.Parse(metaJson);
            return Parse(doc.RootElement, out values);
        }
        catch (JsonException)
        {
            return "meta must be a JSON object";
        }
    }

    /// <summary>Parses an already parsed meta object; JSON null counts as no meta.</summary>
    public static string? Parse(JsonElement meta, out MetaValues values)
    {
        values = MetaValues.Empty;
        if (meta.ValueKind == JsonValueKind.Null) return null;
        if (meta.ValueKind != JsonValueKind.Object) return "meta must be a JSON object";
        var result = MetaValues.Empty;
        var feeds = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var property in meta.EnumerateObject())
        {
            var key = property.Name;
            if (!KnownKeys.Contains(key)) return $"unknown meta key {key}";
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null) continue;
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("feed", out var feed))
            {
                var id = feed.ValueKind == JsonValueKind.String ? feed.GetString() : null;
                if (string.IsNullOrWhiteSpace(id)) return $"meta {key} feed must be a non-empty string";
                feeds[key] = id;
                continue;
            }
            var problem = Read(key, value, ref result);
            if (problem is not null) return problem;
        }
        if (result.LowWatermark is { } low && result.HighWatermark is { } high && low > high)
        {
            return "meta low_watermark must not be greater than high_watermark";
        }
        values = feeds.Count == 0 ? result : result with { Feeds = feeds.ToImmutable() };
        return null;
    }

    private static string? Read(string key, JsonElement value, ref MetaValues meta)
    {
        string? problem;
        switch (key)
        {
            case "up":
                if (!JsonScalars.TryBoolean(value, out var up)) return $"meta {key} must be a boolean";
                meta = meta with { Up = up };
                return null;
            case "connections" or "requests":
                problem = Count(key, value, long.MaxValue, out var count);
                if (problem is null) meta = key == "connections" ? meta with { Connections = count } : meta with { Requests = count };
                return problem;
            case "priority":
                problem = Count(key, value, int.MaxValue, out var priority);
                if (problem is null) meta = meta with { Priority = (int)priority };
                return problem;
            case "loadavg" or "weight" or "cost" or "low_watermark" or "high_watermark":
                problem = Number(key, value, 0, double.PositiveInfinity, out var number);
                if (problem is null)
                {
                    meta = key switch
                    {
                        "loadavg" => meta with { Loadavg = number },
                        "weight" => meta with { Weight = number },
                        "cost" => meta with { Cost = number },
                        "low_watermark" => meta with { LowWatermark = number },
                        _ => meta with { HighWatermark = number },
                    };
                }
                return problem;
            case "latitude":
                problem = Number(key, value, -90, 90, out var latitude);
                if (problem is null) meta = meta with { Latitude = latitude };
                return problem;
            case "longitude":
                problem = Number(key, value, -180, 180, out var longitude);
                if (problem is null) meta = meta with { Longitude = longitude };
                return problem;
            case "note":
                if (value.ValueKind != JsonValueKind.String) return $"meta {key} must be a string";
                var note = value.GetString()!;
                if (note.EnumerateRunes().Count() > MaxNoteLength) return $"meta {key} must be at most {MaxNoteLength} characters";
                meta = meta with { Note = note };
                return null;
            case "georegion":
                return ReadGeoregions(value, ref meta);
            case "country" or "us_state" or "ca_province":
                return ReadPlaces(key, value, ref meta);
            case "subdivisions":
                return ReadSubdivisions(value, ref meta);
            case "ip_prefixes":
                return ReadPrefixes(value, ref meta);
            case "asn":
                return ReadAsns(value, ref meta);
            case "pulsar":
                return CheckPulsar(value);
            case "additional_metadata":
                return value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object)
                    ? null
                    : $"meta {key} must be a list of objects";
            default:
                return $"unknown meta key {key}";
        }
    }

    private static string? Count(string key, JsonElement value, long max, out long result)
    {
        if (!JsonScalars.TryInteger(value, out result))
        {
            // A number too large for the range is still an integer: say so rather than "must be an integer".
            return JsonScalars.TryNumber(value, out var d) && d == Math.Floor(d) && d > max
                ? $"meta {key} must be at most {max.ToString(CultureInfo.InvariantCulture)}"
                : $"meta {key} must be an integer";
        }
        if (result < 0) return $"meta {key} must be at least 0";
        return result > max ? $"meta {key} must be at most {max.ToString(CultureInfo.InvariantCulture)}" : null;
    }

    private static string? Number(string key, JsonElement value, double min, double max, out double result)
    {
        if (!JsonScalars.TryNumber(value, out result)) return $"meta {key} must be a number";
        if (double.IsPositiveInfinity(max)) return result < min ? $"meta {key} must be at least {Text(min)}" : null;
        return result < min || result > max ? $"meta {key} must be between {Text(min)} and {Text(max)}" : null;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A list as a JSON array of strings (numbers too when <paramref name="numbers"/>) or a comma-separated string.</summary>
    private static string? Items(string key, JsonElement value, bool numbers, out List<string> items)
    {
        items = [];
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var entry in value.EnumerateArray())
                {
                    if (entry.ValueKind == JsonValueKind.String) items.Add(entry.GetString()!.Trim());
                    else if (numbers && entry.ValueKind == JsonValueKind.Number) items.Add(entry.GetRawText());
                    else return numbers ? $"meta {key} entries must be numbers or strings" : $"meta {key} entries must be strings";
                }
                break;
            case JsonValueKind.String:
                foreach (var part in value.GetString()!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    items.Add(part);
                break;
            case JsonValueKind.Number when numbers:
                items.Add(value.GetRawText());
                break;
            default:
                return $"meta {key} must be a list (a JSON array or a comma-separated string)";
        }
        return items.Count > MaxListEntries ? $"meta {key} must have at most {MaxListEntries} entries" : null;
    }

    private static string? ReadGeoregions(JsonElement value, ref MetaValues meta)
    {
        var problem = Items("georegion", value, numbers: false, out var items);
        if (problem is not null) return problem;
        var regions = ImmutableArray.CreateBuilder<Georegion>(items.Count);
        foreach (var item in items)
        {
            if (!Georegions.TryParse(item, out var region))
            {
                return $"meta georegion \"{item}\" is not an NS1 georegion ({string.Join(", ", Georegions.Names.Skip(1))})";
            }
            regions.Add(region);
        }
        meta = meta with { Georegion = regions.ToImmutable() };
        return null;
    }

    private static string? ReadPlaces(string key, JsonElement value, ref MetaValues meta)
    {
        var problem = Items(key, value, numbers: false, out var items);
        if (problem is not null) return problem;
        var codes = ImmutableArray.CreateBuilder<string>(items.Count);
        foreach (var item in items)
        {
            var code = item.ToUpperInvariant();
            var known = key switch
            {
                "country" => Places.IsCountry(code),
                "us_state" => Places.IsUsState(code),
                _ => Places.IsCaProvince(code),
            };
            if (!known)
            {
                return key switch
                {
                    "country" => $"meta country \"{item}\" is not an ISO 3166 country code",
                    "us_state" => $"meta us_state \"{item}\" is not a US state code",
                    _ => $"meta ca_province \"{item}\" is not a Canadian province code",
                };
            }
            codes.Add(code);
        }
        var list = codes.ToImmutable();
        meta = key switch
        {
            "country" => meta with { Country = list },
            "us_state" => meta with { UsState = list },
            _ => meta with { CaProvince = list },
        };
        return null;
    }

    private static string? ReadSubdivisions(JsonElement value, ref MetaValues meta)
    {
        if (value.ValueKind != JsonValueKind.Object) return "meta subdivisions must be an object (country code → list of subdivision codes)";
        var result = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var country = property.Name.ToUpperInvariant();
            if (!Places.IsCountry(country)) return $"meta subdivisions country \"{property.Name}\" is not an ISO 3166 country code";
            var problem = Items($"subdivisions \"{property.Name}\"", property.Value, numbers: false, out var items);
            if (problem is not null) return problem;
            var codes = ImmutableArray.CreateBuilder<string>(items.Count);
            foreach (var item in items)
            {
                if (item.Length is < 1 or > 3 || !item.All(char.IsAsciiLetterOrDigit))
                {
                    return $"meta subdivisions \"{property.Name}\" code \"{item}\" must be 1 to 3 letters or digits";
                }
                codes.Add(item.ToUpperInvariant());
            }
            result[country] = codes.ToImmutable();
        }
        meta = meta with { Subdivisions = result.ToImmutable() };
        return null;
    }

    private static string? ReadPrefixes(JsonElement value, ref MetaValues meta)
    {
        var problem = Items("ip_prefixes", value, numbers: false, out var items);
        if (problem is not null) return problem;
        var prefixes = ImmutableArray.CreateBuilder<IpPrefix>(items.Count);
        foreach (var item in items)
        {
            if (!IpPrefix.TryParse(item, out var prefix, out var why)) return $"meta ip_prefixes \"{item}\" {why}";
            prefixes.Add(prefix);
        }
        meta = meta with { IpPrefixes = prefixes.ToImmutable() };
        return null;
    }

    private static string? ReadAsns(JsonElement value, ref MetaValues meta)
    {
        var problem = Items("asn", value, numbers: true, out var items);
        if (problem is not null) return problem;
        var asns = ImmutableArray.CreateBuilder<uint>(items.Count);
        foreach (var item in items)
        {
            if (!uint.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var asn))
            {
                return $"meta asn \"{item}\" is not an AS number (0 to 4294967295)";
            }
            asns.Add(asn);
        }
        meta = meta with { Asn = asns.ToImmutable() };
        return null;
    }

    /// <summary>Pulsar bindings: a list of <c>{"job_id": "…", "bias": "…", "a5m_cutoff": n}</c>, kept as stored.</summary>
    private static string? CheckPulsar(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) return "meta pulsar must be a list of objects";
        var index = 0;
        foreach (var entry in value.EnumerateArray())
        {
            index++;
            if (entry.ValueKind != JsonValueKind.Object) return "meta pulsar must be a list of objects";
            if (!entry.TryGetProperty("job_id", out var job) || job.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(job.GetString()))
            {
                return $"meta pulsar entry {index} must have a non-empty string job_id";
            }
            if (entry.TryGetProperty("bias", out var bias) && bias.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                return $"meta pulsar entry {index} bias must be a string or a number";
            }
            if (entry.TryGetProperty("a5m_cutoff", out var cutoff) && !JsonScalars.TryNumber(cutoff, out _))
            {
                return $"meta pulsar entry {index} a5m_cutoff must be a number";
            }
        }
        return null;
    }
}
