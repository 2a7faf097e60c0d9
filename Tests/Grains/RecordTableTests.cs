using Vantage.Events;
using Vantage.Grains.Zones;
using Vantage.Model;
using Vantage.Zones;

namespace Vantage.Tests.Grains;

public sealed class RecordTableTests
{
    private static DnsRecord R(string domain, string type = "A") => new() { Id = "i", Zone = "x", Domain = domain, Type = type };

    [Fact]
    public void Pages_walk_every_key_once_in_domain_then_type_order()
    {
        var domains = new[] { "a", "a-b", "b", "a.b", "*.a", "_x.a", "z" };
        var table = RecordTable.From(domains.SelectMany(d => new[] { R(d), R(d, "MX"), R(d, "AAAA") }));
        var seen = new List<string>();
        string? after = null;
        do
        {
            var (records, next) = table.Page(after, 4);
            seen.AddRange(records.Select(r => r.Key));
            after = next;
        }
        while (after is not null);

        var expected = domains.SelectMany(d => new[] { "A", "AAAA", "MX" }.Select(t => (d, t)))
            .OrderBy(k => k.d, StringComparer.Ordinal).ThenBy(k => k.t, StringComparer.Ordinal).Select(k => k.d + "/" + k.t);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public void Changes_keep_the_map_and_the_order_in_step()
    {
        var table = RecordTable.From([R("a"), R("b")]);
        table = table.Apply([new RecordChange { Domain = "a", Type = "A" }, new RecordChange { Domain = "c", Type = "A", Record = R("c") }]);
        table = table.SetItem(R("b") with { Ttl = 5 }).Remove("zz/A");

        Assert.Equal(["b/A", "c/A"], table.Ordered().Select(r => r.Key));
        Assert.Equal(5, table.Find("b/A")!.Ttl);
        Assert.Equal(2, table.Count);
        Assert.True(RecordKeyOrder.Instance.Compare("a/A", "a-b/A") < 0);
    }
}
