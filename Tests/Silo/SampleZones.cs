using System.Collections.Immutable;
using Vantage.Events;
using Vantage.Grains.Zones;
using Vantage.Model;

namespace Vantage.Tests.Silo;

/// <summary>A realistic zone state: immutable collections, nullable members, verbatim JSON, a journal.</summary>
public static class SampleZones
{
    public static ZoneState State(string zone, long version = 3)
    {
        var settings = new ZoneSettings
        {
            Id = "zone-" + zone,
            Name = zone,
            Serial = 2026112903,
            DnsServers = ["dns1.vantage.test", "dns2.vantage.test"],
            MetaJson = """{"note":"ünïcode ✓"}""",
            SecondaryJson = null,
            Networks = [0, 7],
        };
        var www = new DnsRecord
        {
            Id = "rec-www",
            Zone = zone,
            Domain = "www." + zone,
            Type = RecordTypes.A,
            Ttl = 60,
            Answers =
            [
                new DnsAnswer { Id = "a1", Rdata = ["192.0.2.1"], RdataJson = """["192.0.2.1"]""", MetaJson = """{"up":true}""" },
                new DnsAnswer { Id = "a2", Rdata = ["192.0.2.2"], Region = "eu" },
            ],
            FiltersJson = """[{"filter":"up","config":{}}]""",
            RegionsJson = """{"eu":{"meta":{"georegion":["EUROPE"]}}}""",
            Tier = 3,
            OverrideTtl = false,
        };
        var mx = new DnsRecord
        {
            Id = "rec-mx",
            Zone = zone,
            Domain = zone,
            Type = RecordTypes.MX,
            Answers = [new DnsAnswer { Id = "m1", Rdata = ["10", "mail." + zone] }],
            UseClientSubnet = false,
        };
        var journal = ImmutableList.Create(new ZoneChanged
        {
            Zone = zone,
            Version = version,
            Kind = ZoneChangeKind.Updated,
            Settings = settings,
            Records = [new RecordChange { Domain = www.Domain, Type = www.Type, Record = www }, new RecordChange { Domain = "old." + zone, Type = "TXT" }],
            At = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.FromHours(1)),
        });
        return new ZoneState
        {
            Settings = settings,
            Records = ImmutableDictionary<string, DnsRecord>.Empty.WithComparers(StringComparer.Ordinal)
                .Add(www.Key, www)
                .Add(mx.Key, mx),
            Version = version,
            Journal = journal,
        };
    }
}
