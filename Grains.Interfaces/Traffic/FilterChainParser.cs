using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Vantage.Traffic;

/// <summary>
/// Parses and validates a filter chain in canonical form (as stored):
/// <c>[{"filter": name, "config": {...}, "disabled": bool}, …]</c>. Config values may be strings, numbers or
/// booleans; they are normalised into <see cref="FilterSpec.Options"/> as text (checkboxes as "1"/"0").
/// </summary>
public static class FilterChainParser
{
    /// <summary>Returns null on success, otherwise e.g. <c>unknown filter no_such_filter</c>.</summary>
    /// <summary>Longest chain accepted: every filter runs on every query, so a chain's length is a cost budget.</summary>
    public const int MaxFilters = 32;

    public static string? Parse(string? filtersJson, out ImmutableArray<FilterSpec> chain)
    {
        chain = ImmutableArray<FilterSpec>.Empty;
        if (string.IsNullOrWhiteSpace(filtersJson)) return null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(filtersJson);
        }
        catch (JsonException)
        {
            return "filters must be a JSON array";
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return "filters must be a JSON array";
            if (doc.RootElement.GetArrayLength() > MaxFilters) return $"a filter chain can have at most {MaxFilters} filters";
            var specs = ImmutableArray.CreateBuilder<FilterSpec>(doc.RootElement.GetArrayLength());
            var index = 0;
            foreach (var entry in doc.RootElement.EnumerateArray())
            {
                index++;
                var problem = ParseEntry(entry, index, out var spec);
                if (problem is not null) return problem;
                specs.Add(spec!);
            }
            chain = specs.MoveToImmutable();
            return null;
        }
    }

    /// <summary>
    /// Record-type restrictions of the filters in <paramref name="chain"/> (disabled ones included: enabling a
    /// filter must not make a stored record invalid), e.g. <c>filter parse_ipv4 applies to A records only</c>.
    /// </summary>
    public static string? CheckRecordType(ImmutableArray<FilterSpec> chain, string recordType)
    {
        if (chain.IsDefaultOrEmpty) return null;
        foreach (var spec in chain)
        {
            var info = FilterCatalog.Find(spec.Name);
            if (info is null || info.RecordTypes.IsEmpty || info.RecordTypes.Contains(recordType, StringComparer.OrdinalIgnoreCase)) continue;
            return $"filter {spec.Name} applies to {string.Join("/", info.RecordTypes)} records only";
        }
        return null;
    }

    /// <summary>Pulsar and its successors need real-user-monitoring data, which this platform does not collect.</summary>
    public static bool IsRumFilter(string name) =>
        name.Equals("pulsar", StringComparison.OrdinalIgnoreCase) || name.Equals("pulse", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("pulsar_", StringComparison.OrdinalIgnoreCase);

    private static string? ParseEntry(JsonElement entry, int index, out FilterSpec? spec)
    {
        spec = null;
        if (entry.ValueKind != JsonValueKind.Object) return $"filter {index} must be a JSON object";
        if (!entry.TryGetProperty("filter", out var nameElement) || nameElement.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(nameElement.GetString()))
        {
            return $"filter {index} must have a non-empty string \"filter\"";
        }
        var given = nameElement.GetString()!;
        if (IsRumFilter(given)) return $"filter {given} is not supported (no RUM data)";
        var info = FilterCatalog.Find(given);
        if (info is null) return $"unknown filter {given}";
        var name = info.Name;

        var disabled = false;
        if (entry.TryGetProperty("disabled", out var disabledElement) && disabledElement.ValueKind != JsonValueKind.Null
            && !JsonScalars.TryBoolean(disabledElement, out disabled))
        {
            return $"filter {index} ({name}): disabled must be a boolean";
        }

        var options = ImmutableDictionary<string, string>.Empty;
        if (entry.TryGetProperty("config", out var config) && config.ValueKind != JsonValueKind.Null)
        {
            if (config.ValueKind != JsonValueKind.Object) return $"config of filter {index} ({name}) must be a JSON object";
            var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var property in config.EnumerateObject())
            {
                var option = info.Option(property.Name);
                if (option is null) return $"filter {index} ({name}): unknown config option {property.Name}";
                var problem = OptionValue(option, property.Value, out var text);
                if (problem is not null) return $"filter {index} ({name}): config {option.Name} {problem}";
                builder[option.Name] = text!;
            }
            options = builder.ToImmutable();
        }
        spec = new FilterSpec(name, disabled, options);
        return null;
    }

    /// <summary>The normalised option text, or what is wrong with the value ("must be a positive integer").</summary>
    private static string? OptionValue(FilterOptionInfo option, JsonElement value, out string? text)
    {
        text = JsonScalars.OptionText(value);
        switch (option.Kind)
        {
            case FilterOptionKind.PositiveInteger:
                return text is not null && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
                    && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? null
                    : "must be a positive integer";
            case FilterOptionKind.Checkbox:
                if (!JsonScalars.TryBoolean(value, out var on)) return "must be a boolean (true/false, 1/0 or \"1\"/\"0\")";
                text = on ? "1" : "0";
                return null;
            case FilterOptionKind.Metric:
                return text is "loadavg" or "connections" or "requests" ? null : "must be one of loadavg, connections, requests";
            case FilterOptionKind.Separator:
                return text is "-" or "." or "_" ? null : "must be one of - . _";
            default:
                return "is not supported";
        }
    }
}
