using Vantage.Model;

namespace Vantage.Grains.Zones;

/// <summary>One version of a zone as the grain serves it: immutable, so readers may hold it while writers move on.</summary>
public sealed record ZoneModel(ZoneSettings? Settings, long Version, uint LastSerial, RecordTable Records)
{
    public static readonly ZoneModel Empty = new(null, 0, 0, RecordTable.Empty);

    public bool Exists => Settings is not null;
}
