using System.Collections.Immutable;
using System.Globalization;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Vantage.Model;

namespace Vantage.Bench;

/// <summary>The zone of shared/bench/dns-anchors.sh (10k hosts, 1k AAAA, CNAME chain, wildcard, MX), built in memory.</summary>
public static class BenchZone
{
    public const string Name = "example.test";

    public static ZoneCatalog Load(int hosts = 10_000)
    {
        var records = new List<DnsRecord>
        {
            R(Name, "NS", ["ns1.example.test"], ["ns2.example.test"]),
            R("ns1.example.test", "A", ["127.0.0.1"]),
            R("ns2.example.test", "A", ["127.0.0.2"]),
            R(Name, "MX", ["10", "mail.example.test"]),
            R("mail.example.test", "A", ["192.0.2.25"]),
            R("mail.example.test", "AAAA", ["2001:db8::25"]),
            R(Name, "TXT", ["v=spf1 mx -all"]),
            R("txt.example.test", "TXT", ["hello world", "second string"]),
            R("www.example.test", "CNAME", ["c1.example.test"]),
            R("c1.example.test", "CNAME", ["c2.example.test"]),
            R("c2.example.test", "CNAME", ["host1.example.test"]),
            R("*.wild.example.test", "A", ["192.0.2.200"]),
            R("*.wild.example.test", "TXT", ["wildcard"]),
        };
        for (var i = 0; i < hosts; i++)
        {
            records.Add(R($"host{i}.example.test", "A", [string.Create(CultureInfo.InvariantCulture, $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}")]));
        }
        for (var i = 0; i < hosts / 10; i++)
        {
            records.Add(R($"host{i}.example.test", "AAAA", [string.Create(CultureInfo.InvariantCulture, $"2001:db8::{i >> 16:x}:{i & 0xFFFF:x}")]));
        }

        var catalog = new ZoneCatalog();
        new ZoneStore(catalog).ApplySnapshot(new ZoneSnapshot
        {
            Settings = new ZoneSettings
            {
                Id = "bench",
                Name = Name,
                Ttl = 3600,
                NxTtl = 3600,
                Serial = 2026112901,
                Hostmaster = "hostmaster@example.test",
                DnsServers = ["ns1.example.test", "ns2.example.test"],
            },
            Version = 1,
            Records = [.. records],
        });
        return catalog;
    }

    private static DnsRecord R(string domain, string type, params string[][] answers) => new()
    {
        Id = domain + "/" + type,
        Zone = Name,
        Domain = domain,
        Type = type,
        Ttl = 3600,
        Answers = answers.Select(a => new DnsAnswer { Id = "", Rdata = [.. a] }).ToImmutableArray(),
    };
}
