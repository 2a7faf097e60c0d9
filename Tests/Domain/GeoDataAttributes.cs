using Vantage.Traffic;
using Xunit;

namespace Vantage.Tests.Domain;

/// <summary>
/// Tests that need the real country/state/province tables in <see cref="GeoTables"/>. While the tables are
/// still placeholders (no data, "US" unknown) they are skipped; search for <c>NeedsGeoData</c> to find them.
/// </summary>
public static class NeedsGeoData
{
    public static readonly string? SkipReason =
        GeoTables.Country("US") is null ? "NeedsGeoData: GeoTables has no country data yet" : null;
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class GeoDataFactAttribute : FactAttribute
{
    public GeoDataFactAttribute() => Skip = NeedsGeoData.SkipReason;
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class GeoDataTheoryAttribute : TheoryAttribute
{
    public GeoDataTheoryAttribute() => Skip = NeedsGeoData.SkipReason;
}
