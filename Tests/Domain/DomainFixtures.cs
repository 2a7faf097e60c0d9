using Xunit;
using System.Collections.Immutable;
using Vantage.Model;
using Vantage.ZoneFiles;

namespace Vantage.Tests.Domain;

/// <summary>Builders shared by the domain tests.</summary>
internal static class DomainFixtures
{
    public const string Zone = "example.com";

    public static DnsRecord Record(string domain, string type, params string[][] answers) => new()
    {
        Id = "r",
        Zone = Zone,
        Domain = domain,
        Type = type,
        Ttl = 3600,
        Answers = answers.Select((a, i) => new DnsAnswer { Id = "a" + i, Rdata = a.ToImmutableArray() }).ToImmutableArray(),
    };

    public static ZoneSettings Settings(string name = Zone) => new()
    {
        Id = "z",
        Name = name,
        Serial = 1,
        Hostmaster = "hostmaster@example.com",
        DnsServers = ["ns1.example.com", "ns2.example.net"],
    };

    /// <summary>Zone settings after applying a parsed zone file's SOA values to the defaults.</summary>
    public static ZoneSettings SettingsFrom(ZonePatch patch, string name = Zone) => new()
    {
        Id = "z",
        Name = name,
        Ttl = patch.Ttl ?? ZoneDefaults.Ttl,
        NxTtl = patch.NxTtl ?? ZoneDefaults.NxTtl,
        Refresh = patch.Refresh ?? ZoneDefaults.Refresh,
        Retry = patch.Retry ?? ZoneDefaults.Retry,
        Expiry = patch.Expiry ?? ZoneDefaults.Expiry,
        Serial = patch.Serial ?? 0,
        Hostmaster = patch.Hostmaster ?? ZoneDefaults.Hostmaster,
        DnsServers = patch.DnsServers ?? ImmutableArray<string>.Empty,
    };

    /// <summary>A comparable picture of record sets: owner, type, TTL and every answer's fields, sorted.</summary>
    public static List<string> Shape(IEnumerable<DnsRecord> records) => records
        .Select(r => $"{r.Domain} {r.Type} {r.Ttl} [{string.Join(" | ", r.Answers.Select(a => string.Join(" ␟ ", a.Rdata)))}]")
        .Order(StringComparer.Ordinal)
        .ToList();

    public static ZoneFileParseResult ParseOk(string text, string zone = Zone)
    {
        var result = ZoneFileParser.Parse(text, zone);
        Assert.True(result.Error is null, "unexpected error: " + result.Error);
        return result;
    }

    public static DnsRecord Single(ZoneFileParseResult result, string domain, string type) =>
        Assert.Single(result.Records, r => r.Domain == domain && r.Type == type);

    public static string[][] Fields(DnsRecord record) => record.Answers.Select(a => a.Rdata.ToArray()).ToArray();
}
