using Xunit;
using System.Collections.Immutable;
using Vantage.Model;
using Vantage.Validation;
using static Vantage.Tests.Domain.DomainFixtures;

namespace Vantage.Tests.Domain;

/// <summary>Record-level rules: type, TTL, JSON members, links, answer counts.</summary>
public class RecordValidationTests
{
    private static readonly DnsRecord Www = Record("www.example.com", RecordTypes.A, ["192.0.2.1"]);

    public static TheoryData<string, DnsRecord, string?> Cases => new()
    {
        { "plain record", Www, null },
        { "unsupported type", Www with { Type = "FOO" }, "unsupported record type \"FOO\"" },
        { "lower-case type", Www with { Type = "a" }, "unsupported record type \"a\"" },
        { "SOA", Www with { Type = "SOA" }, "SOA records cannot be created; the SOA is generated from the zone settings" },
        { "ttl 0", Www with { Ttl = 0 }, null },
        { "ttl max", Www with { Ttl = int.MaxValue }, null },
        { "ttl negative", Www with { Ttl = -1 }, "ttl must be between 0 and 2147483647" },
        { "invalid zone", Www with { Zone = "exa..mple" }, "invalid zone name \"exa..mple\": empty label (two dots in a row)" },
        { "meta array", Www with { MetaJson = "[]" }, "meta must be a JSON object" },
        { "meta not json", Www with { MetaJson = "{" }, "meta must be a JSON object" },
        { "meta object", Www with { MetaJson = "{\"up\":true}" }, null },
        { "regions array", Www with { RegionsJson = "[]" }, "regions must be a JSON object" },
        { "filters object", Www with { FiltersJson = "{}" }, "filters must be a JSON array" },
        { "filters not json", Www with { FiltersJson = "[" }, "filters must be a JSON array" },
        { "filter not object", Www with { FiltersJson = "[1]" }, "filter 1 must be a JSON object" },
        { "filter without name", Www with { FiltersJson = "[{\"filter\":\"up\"},{\"config\":{}}]" }, "filter 2 must have a non-empty string \"filter\"" },
        { "filter name not string", Www with { FiltersJson = "[{\"filter\":3}]" }, "filter 1 must have a non-empty string \"filter\"" },
        { "filter config array", Www with { FiltersJson = "[{\"filter\":\"up\",\"config\":[]}]" }, "config of filter 1 (up) must be a JSON object" },
        {
            "filter chain", Www with { FiltersJson = "[{\"filter\":\"up\",\"config\":{}},{\"filter\":\"select_first_n\",\"config\":{\"N\":1},\"disabled\":false}]" },
            null
        },
        { "feeds object", Www with { FeedsJson = "{}" }, "feeds must be a JSON array" },
        { "feeds array", Www with { FeedsJson = "[{\"feed\":\"abc\"}]" }, null },
        { "networks negative", Www with { Networks = [0, -1] }, "networks must be non-negative integers" },
        { "no answers", Www with { Answers = [] }, "a record needs at least one answer" },
        { "default answers", Www with { Answers = default }, "a record needs at least one answer" },
        { "answer meta array", Www with { Answers = [new DnsAnswer { Id = "a", Rdata = ["192.0.2.1"], MetaJson = "[]" }] }, "meta of answer 1 must be a JSON object" },
        { "answer meta object", Www with { Answers = [new DnsAnswer { Id = "a", Rdata = ["192.0.2.1"], MetaJson = "{\"weight\":2}" }] }, null },
        { "linked without answers", Www with { Answers = [], Link = "other.example.net" }, null },
        { "linked with answers", Www with { Link = "other.example.net" }, "a linked record cannot have answers of its own" },
        { "link invalid", Www with { Answers = [], Link = "a..b" }, "invalid link \"a..b\": empty label (two dots in a row)" },
        { "link to itself", Www with { Answers = [], Link = "www.example.com." }, "a record cannot link to itself" },
        {
            "CNAME with two answers", Record("alias.example.com", RecordTypes.CNAME, ["a.example.net"], ["b.example.net"]),
            "a CNAME record must have exactly one answer"
        },
        { "CNAME with one answer", Record("alias.example.com", RecordTypes.CNAME, ["a.example.net"]), null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Record_rules(string because, DnsRecord record, string? expected)
    {
        Assert.NotEmpty(because);
        Assert.Equal(expected, RecordValidator.ValidateRecord(record));
    }

    [Fact]
    public void Every_supported_type_has_answer_rules()
    {
        foreach (var type in RecordTypes.Supported.Keys.Where(t => t is not (RecordTypes.TXT or RecordTypes.SPF)))
        {
            var message = RecordValidator.ValidateRecord(Record("example.com", type, ["?"]));
            Assert.NotNull(message);
            Assert.DoesNotContain("unsupported", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Null_rdata_fields_do_not_throw()
    {
        var record = Www with { Answers = [new DnsAnswer { Id = "a", Rdata = ImmutableArray.Create(new string[] { null! }) }] };
        Assert.Equal("invalid IPv4 address \"\" in answer 1", RecordValidator.ValidateRecord(record));
    }
}
