using System.Collections.Immutable;

namespace Vantage.Traffic;

// CONTRACT (filled in by the meta/filter validation work): signatures are fixed, bodies are placeholders.

/// <summary>Parses and validates one level's meta object.</summary>
public static class MetaParser
{
    /// <summary>
    /// Parses <paramref name="metaJson"/> (a JSON object, verbatim as stored; null or empty = no meta).
    /// Returns null on success, otherwise the problem without location prefix, e.g. <c>meta weight must be a number</c>.
    /// </summary>
    public static string? Parse(string? metaJson, out MetaValues values)
    {
        values = MetaValues.Empty;
        return null;
    }
}

/// <summary>Parses a record's <c>regions</c> object: region name → <c>{"meta":{…}}</c>.</summary>
public static class RegionsParser
{
    public static string? Parse(string? regionsJson, out ImmutableDictionary<string, MetaValues> regions)
    {
        regions = ImmutableDictionary<string, MetaValues>.Empty;
        return null;
    }
}

/// <summary>Parses and validates a filter chain (canonical form, as stored).</summary>
public static class FilterChainParser
{
    /// <summary>Returns null on success, otherwise e.g. <c>unknown filter no_such_filter</c>.</summary>
    public static string? Parse(string? filtersJson, out ImmutableArray<FilterSpec> chain)
    {
        chain = ImmutableArray<FilterSpec>.Empty;
        return null;
    }
}
