using System.Collections.Immutable;
using System.Globalization;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Wire;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Vantage.Model;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>
/// A zone changed one record set at a time (<see cref="ZoneUpdater"/>) equals the same zone compiled whole: same
/// digest, same nodes and derived flags (cuts, wildcards, empty non-terminals, glue), same answers — for seeded random
/// change sequences over a small name space where cuts, wildcards, CNAMEs and whole-name deletions collide often.
/// </summary>
public sealed class IncrementalCompileTests
{
    private const string Zone = "inc.test";

    private static readonly string[] Labels = ["a", "b", "*", "www", "mail", "ns", "sub"];
    private static readonly string[] Types = ["A", "AAAA", "TXT", "CNAME", "NS", "MX", "SRV", "DS"];
    private static readonly ushort[] QueryTypes = [DnsType.A, DnsType.AAAA, DnsType.TXT, DnsType.CNAME, DnsType.NS, DnsType.MX, DnsType.SRV, DnsType.DS, DnsType.SOA];

    private static ZoneSettings Settings(int ttl) => new()
    {
        Id = "zi",
        Name = Zone,
        Ttl = ttl,
        NxTtl = 300,
        Serial = 7,
        Hostmaster = "hostmaster@inc.test",
        DnsServers = ["ns1.inc.test", "ns.sub.inc.test"],
    };

    /// <summary>All names of depth 0..3 below the zone built from <see cref="Labels"/> (a few hundred).</summary>
    private static readonly string[] Names = BuildNames();

    private static string[] BuildNames()
    {
        var names = new List<string> { Zone };
        foreach (var a in Labels)
        {
            names.Add(a + "." + Zone);
            foreach (var b in Labels)
            {
                names.Add(a + "." + b + "." + Zone);
                foreach (var c in new[] { "a", "*", "ns" }) names.Add(c + "." + a + "." + b + "." + Zone);
            }
        }
        return [.. names];
    }

    private static DnsRecord RandomRecord(Random random, string domain, string type)
    {
        string Target() => Names[random.Next(Names.Length)];
        string[] Answer() => type switch
        {
            "A" => ["192.0.2." + random.Next(1, 6).ToString(CultureInfo.InvariantCulture)],
            "AAAA" => ["2001:db8::" + random.Next(1, 6).ToString(CultureInfo.InvariantCulture)],
            "TXT" => ["t" + random.Next(4).ToString(CultureInfo.InvariantCulture)],
            "CNAME" => [random.Next(5) == 0 ? "elsewhere.invalid" : Target()],
            "NS" => [random.Next(3) == 0 ? "ns.elsewhere.invalid" : Target()],
            "MX" => [random.Next(1, 20).ToString(CultureInfo.InvariantCulture), Target()],
            "SRV" => ["1", "2", "443", Target()],
            // An invalid DS: skipped by the compiler, still part of the zone's data.
            "DS" => random.Next(2) == 0 ? ["12345", "8", "2", "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"] : ["not-a-ds"],
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        var count = type is "CNAME" or "DS" ? 1 : random.Next(1, 3);
        return new DnsRecord
        {
            Id = domain + "/" + type + "/" + random.Next(1000).ToString(CultureInfo.InvariantCulture),
            Zone = Zone,
            Domain = domain,
            Type = type,
            Ttl = random.Next(1, 4) * 100,
            Answers = [.. Enumerable.Range(0, count).Select(i => new DnsAnswer { Id = "a" + i.ToString(CultureInfo.InvariantCulture), Rdata = [.. Answer()] })],
        };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Random_change_sequences_equal_a_full_compile(int seed)
    {
        var random = new Random(seed);
        var model = new Dictionary<string, DnsRecord>(StringComparer.Ordinal);
        var settings = Settings(3600);
        var store = new ZoneStore(new ZoneCatalog());
        Assert.Equal(ApplyOutcome.Applied, store.ApplySnapshot(new ZoneSnapshot { Settings = settings, Version = 1 }));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var version = 2L; version <= 300; version++)
        {
            var changes = new List<RecordChange>();
            var n = random.Next(1, 4);
            for (var i = 0; i < n; i++)
            {
                var roll = random.Next(10);
                if (roll < 6 || model.Count == 0)
                {
                    var domain = Names[random.Next(Names.Length)];
                    var record = RandomRecord(random, domain, Types[random.Next(Types.Length)]);
                    changes.Add(new RecordChange { Domain = record.Domain, Type = record.Type, Record = record });
                }
                else if (roll < 9)
                {
                    var key = model.Keys.ElementAt(random.Next(model.Count));
                    changes.Add(new RecordChange { Domain = model[key].Domain, Type = model[key].Type });
                }
                else
                {
                    // Delete a whole name.
                    var domain = model.Values.ElementAt(random.Next(model.Count)).Domain;
                    changes.AddRange(model.Values.Where(r => r.Domain == domain).Select(r => new RecordChange { Domain = r.Domain, Type = r.Type }));
                }
            }
            // Later changes to the same set win, as in one grain change.
            changes = changes.GroupBy(c => c.Domain + "/" + c.Type).Select(g => g.Last()).ToList();
            foreach (var c in changes)
            {
                if (c.Record is null) model.Remove(RecordKey.Of(c.Domain, c.Type));
                else model[RecordKey.Of(c.Domain, c.Type)] = c.Record;
            }
            ZoneSettings? newSettings = random.Next(15) == 0 ? Settings(random.Next(1, 5) * 1000) : null;
            if (newSettings is not null) settings = newSettings;

            var outcome = store.Apply(new ZoneChanged
            {
                Zone = Zone, Version = version, Kind = ZoneChangeKind.Updated, Settings = newSettings, Records = [.. changes],
            });
            Assert.Equal(ApplyOutcome.Applied, outcome);

            if (version % 10 != 0 && version < 290) continue;
            var incremental = store.Compiled(Zone)!;
            var full = ZoneCompiler.Compile(settings, version, model.Values);
            AssertSameZone(full, incremental);
            Assert.Equal(ZoneDigest.Of(model.Values), store.Digest(Zone));
            AssertSameAnswers(full, incremental);
            if (full.Indexes.Cuts > 0) seen.Add("cut");
            if (full.SkippedRecords > 0) seen.Add("skipped");
            if (full.Nodes.Values.Any(x => x.Wildcard is not null)) seen.Add("wildcard");
            if (full.Nodes.Values.Any(x => x.IsEmptyNonTerminal)) seen.Add("ent");
            if (full.Nodes.Values.Any(x => x.Cname is not null)) seen.Add("cname");
            if (full.Nodes.Values.Any(x => x.Sets.ToArray().Any(s => s.Type == DnsType.MX && s.Additional.Length > 0))) seen.Add("mx-additional");
        }
        // The sequence did exercise what it is meant to.
        Assert.Equal(["cname", "cut", "ent", "mx-additional", "skipped", "wildcard"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Cuts_wildcards_and_empty_non_terminals_follow_single_changes()
    {
        var store = new ZoneStore(new ZoneCatalog());
        var settings = Settings(3600);
        store.ApplySnapshot(new ZoneSnapshot
        {
            Settings = settings,
            Version = 1,
            Records = [R("a.b.sub." + Zone, "A", "192.0.2.1"), R("*.b.sub." + Zone, "TXT", "wild"), R("mx." + Zone, "MX", "10", "a.b.sub." + Zone)],
        });
        var v1 = store.Compiled(Zone)!;
        Assert.True(v1.FindNode(Wire("b.sub." + Zone))!.IsEmptyNonTerminal);
        Assert.NotNull(v1.FindNode(Wire("b.sub." + Zone))!.Wildcard);
        Assert.Single(v1.FindNode(Wire("mx." + Zone))!.Find(DnsType.MX)!.Additional);

        // A cut at sub: everything below is occluded, the MX target is no longer authoritative.
        Apply(store, 2, new RecordChange { Domain = "sub." + Zone, Type = "NS", Record = R("sub." + Zone, "NS", "ns.elsewhere.invalid") });
        var v2 = store.Compiled(Zone)!;
        Assert.True(v2.FindNode(Wire("sub." + Zone))!.IsCut);
        Assert.True(v2.IsOccluded(Wire("a.b.sub." + Zone)));
        Assert.Empty(v2.FindNode(Wire("mx." + Zone))!.Find(DnsType.MX)!.Additional);
        // The previous version is untouched.
        Assert.False(v1.IsOccluded(Wire("a.b.sub." + Zone)));
        Assert.Single(v1.FindNode(Wire("mx." + Zone))!.Find(DnsType.MX)!.Additional);

        // Removing the last names below b.sub removes the empty non-terminals up to the cut (which has data).
        Apply(store, 3,
            new RecordChange { Domain = "a.b.sub." + Zone, Type = "A" },
            new RecordChange { Domain = "*.b.sub." + Zone, Type = "TXT" });
        var v3 = store.Compiled(Zone)!;
        Assert.Null(v3.FindNode(Wire("b.sub." + Zone)));
        Assert.NotNull(v3.FindNode(Wire("sub." + Zone)));
        Assert.Equal(0, v3.FindNode(Wire("sub." + Zone))!.Children);

        // Dropping the cut's NS removes the name altogether.
        Apply(store, 4, new RecordChange { Domain = "sub." + Zone, Type = "NS" });
        Assert.Null(store.Compiled(Zone)!.FindNode(Wire("sub." + Zone)));
        AssertSameZone(ZoneCompiler.Compile(settings, 4, [R("mx." + Zone, "MX", "10", "a.b.sub." + Zone)]), store.Compiled(Zone)!);
    }

    [Fact]
    public void Unchanged_names_are_shared_with_the_previous_version()
    {
        var store = new ZoneStore(new ZoneCatalog());
        store.ApplySnapshot(new ZoneSnapshot
        {
            Settings = Settings(3600),
            Version = 1,
            Records = [.. Enumerable.Range(0, 500).Select(i => R("h" + i.ToString(CultureInfo.InvariantCulture) + "." + Zone, "A", "192.0.2.1"))],
        });
        var v1 = store.Compiled(Zone)!;
        Apply(store, 2, new RecordChange { Domain = "h7." + Zone, Type = "A", Record = R("h7." + Zone, "A", "192.0.2.9") });
        var v2 = store.Compiled(Zone)!;
        var shared = Enumerable.Range(0, 500).Count(i => ReferenceEquals(
            v1.FindNode(Wire("h" + i.ToString(CultureInfo.InvariantCulture) + "." + Zone)),
            v2.FindNode(Wire("h" + i.ToString(CultureInfo.InvariantCulture) + "." + Zone))));
        Assert.Equal(499, shared);
        Assert.Same(v1.ApexNode, v2.ApexNode);
        Assert.Same(v1.Soa, v2.Soa);
    }

    [Fact]
    public void Zones_added_and_removed_one_at_a_time_are_found_like_a_fresh_table()
    {
        var random = new Random(11);
        var catalog = new ZoneCatalog();
        var served = new Dictionary<string, CompiledZone>(StringComparer.Ordinal);
        string[] pool = [.. Enumerable.Range(0, 40).Select(i => "z" + i.ToString(CultureInfo.InvariantCulture) + ".test"), "sub.z1.test", "a.sub.z1.test", "test"];
        var starts = new byte[130];
        for (var step = 0; step < 400; step++)
        {
            var name = pool[random.Next(pool.Length)];
            if (random.Next(3) == 0)
            {
                served.Remove(name);
                catalog.Publish(name, null);
            }
            else
            {
                var zone = ZoneCompiler.Compile(Settings(3600) with { Name = name }, step + 1, []);
                served[name] = zone;
                catalog.Publish(name, zone);
            }
            foreach (var query in new[] { "x.a.sub.z1.test", "sub.z1.test", "z3.test", "deep.z7.test", "other.invalid", "test" })
            {
                var wire = Wire(query);
                var labels = DnsNameCodec.LabelStarts(wire, starts);
                var found = catalog.Current.Find(wire, starts, labels, DnsType.A);
                var expected = served.Values.Where(z => DnsNameCodec.IsAtOrBelow(wire, z.Apex)).MaxBy(z => z.ApexLabels);
                Assert.Same(expected, found);
            }
            Assert.Equal(served.Count, catalog.Current.Zones.Count);
        }
    }

    private static void Apply(ZoneStore store, long version, params RecordChange[] changes) =>
        Assert.Equal(ApplyOutcome.Applied, store.Apply(new ZoneChanged { Zone = Zone, Version = version, Kind = ZoneChangeKind.Updated, Records = [.. changes] }));

    private static DnsRecord R(string domain, string type, params string[] rdata) => new()
    {
        Id = domain + type,
        Zone = Zone,
        Domain = domain,
        Type = type,
        Ttl = 300,
        Answers = [new DnsAnswer { Id = "1", Rdata = [.. rdata] }],
    };

    private static byte[] Wire(string name) => DnsNameCodec.EncodeLower(name)!;

    private static void AssertSameZone(CompiledZone expected, CompiledZone actual)
    {
        Assert.Equal(expected.NodeCount, actual.NodeCount);
        Assert.Equal(expected.SkippedRecords, actual.SkippedRecords);
        Assert.Equal(expected.Indexes.Cuts, actual.Indexes.Cuts);
        Assert.Same(actual.Nodes.Find(actual.Apex), actual.ApexNode);
        Assert.Equal(Describe(expected.Soa), Describe(actual.Soa));
        Assert.Equal(Describe(expected.NegativeSoa), Describe(actual.NegativeSoa));
        foreach (var node in expected.Nodes.Values)
        {
            var name = DnsNameCodec.ToText(node.Name);
            var other = actual.FindNode(node.Name);
            Assert.True(other is not null, "missing node " + name);
            Assert.True(node.IsCut == other.IsCut, "cut " + name);
            Assert.True(node.Children == other.Children, $"children of {name}: {node.Children} vs {other.Children}");
            Assert.True(expected.IsOccluded(node.Name) == actual.IsOccluded(node.Name), "occluded " + name);
            Assert.Equal(node.Wildcard is null ? null : DnsNameCodec.ToText(node.Wildcard.Name), other.Wildcard is null ? null : DnsNameCodec.ToText(other.Wildcard.Name));
            if (node.Wildcard is not null) Assert.Same(actual.FindNode(node.Wildcard.Name), other.Wildcard);
            Assert.Equal(node.Sets.ToArray().Select(Describe), other.Sets.ToArray().Select(Describe));
            Assert.Same(other.Cname, other.Find(DnsType.CNAME));
        }
        // The target index: the same owners point at the same names.
        Assert.Equal(
            expected.Indexes.Targets.Select(t => DnsNameCodec.ToText(t.Key) + "<-" + string.Join(",", t.Value.Select(o => DnsNameCodec.ToText(o)).Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal),
            actual.Indexes.Targets.Select(t => DnsNameCodec.ToText(t.Key) + "<-" + string.Join(",", t.Value.Select(o => DnsNameCodec.ToText(o)).Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal));
    }

    private static string Describe(CompiledRRSet set) =>
        $"{set.Type} {set.Ttl} {Convert.ToHexString(set.Block)} model={set.Model is not null} dyn={set.Dynamic} add=[" +
        string.Join(";", set.Additional.Select(a => DnsNameCodec.ToText(a.Name) + " " + (a.A is null ? "-" : Convert.ToHexString(a.A.Block)) + " " + (a.Aaaa is null ? "-" : Convert.ToHexString(a.Aaaa.Block)))) + "]";

    private static void AssertSameAnswers(CompiledZone expected, CompiledZone actual)
    {
        var left = new ZoneCatalog();
        left.Publish(Zone, expected);
        var right = new ZoneCatalog();
        right.Publish(Zone, actual);
        var a = new QueryProcessor(left);
        var b = new QueryProcessor(right);
        var ra = new byte[4096];
        var rb = new byte[4096];
        foreach (var name in Names.Append("nothere.a." + Zone).Append("x.y.www." + Zone))
        {
            foreach (var type in QueryTypes)
            {
                var query = TestQuery.Build(name, type);
                var na = a.Process(query, ra, DnsTransport.Udp);
                var nb = b.Process(query, rb, DnsTransport.Udp);
                Assert.True(ra.AsSpan(0, na).SequenceEqual(rb.AsSpan(0, nb)), $"answers differ for {name} type {type}");
            }
        }
    }
}
