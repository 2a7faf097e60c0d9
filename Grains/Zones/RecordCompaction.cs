using System.Collections.Immutable;
using Vantage.Feeds;
using Vantage.Model;

namespace Vantage.Grains.Zones;

/// <summary>
/// Records arrive deserialized (from messages and storage) with their own copy of every small value: the zone name,
/// the type, "{}" and "[]", the default networks. A million-record zone keeps one shared instance of each instead.
/// </summary>
internal static class RecordCompaction
{
    private static readonly ImmutableArray<int> DefaultNetworks = ImmutableArray.Create(0);

    public static DnsRecord Compact(DnsRecord record, string zone)
    {
        var networks = record.Networks.Length == 1 && record.Networks[0] == 0 ? DefaultNetworks : record.Networks;
        return record with
        {
            Zone = record.Zone == zone ? zone : record.Zone,
            Type = RecordTypes.Supported.TryGetValue(record.Type, out _) ? string.Intern(record.Type) : record.Type,
            MetaJson = Shared(record.MetaJson),
            RegionsJson = Shared(record.RegionsJson),
            FiltersJson = Shared(record.FiltersJson),
            FeedsJson = Shared(record.FeedsJson),
            Networks = networks,
            FeedData = record.FeedData.IsEmpty ? ImmutableDictionary<string, FeedValue>.Empty : record.FeedData,
        };
    }

    private static string Shared(string json) => json switch
    {
        "{}" => "{}",
        "[]" => "[]",
        _ => json,
    };
}
