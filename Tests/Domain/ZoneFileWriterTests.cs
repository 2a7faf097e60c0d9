using Vantage.Events;
using Vantage.Model;
using Vantage.ZoneFiles;
using Xunit;
using static Vantage.Tests.Domain.DomainFixtures;

namespace Vantage.Tests.Domain;

public class ZoneFileWriterTests
{
    private static ZoneSnapshot Snapshot(params DnsRecord[] records) => new() { Settings = Settings(), Version = 1, Records = [.. records] };

    [Fact]
    public void Writes_origin_soa_and_sorted_sets_with_absolute_names()
    {
        var text = ZoneFileWriter.Write(Snapshot(
            Record("www.example.com", RecordTypes.A, ["192.0.2.1"], ["192.0.2.2"]) with { Ttl = 300 },
            Record("a.b.example.com", RecordTypes.CNAME, ["www.example.com"]),
            Record("example.com", RecordTypes.NS, ["ns1.example.com"], ["ns2.example.net"]),
            Record("b.example.com", RecordTypes.TXT, ["x"]),
            Record("example.com", RecordTypes.MX, ["10", "mail.example.com"], ["0", "."]),
            Record("_sip._tcp.example.com", RecordTypes.SRV, ["1", "2", "5060", "sip.example.com"])));
        const string Expected = """
            $ORIGIN example.com.
            example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 1 43200 7200 1209600 3600
            example.com. 3600 IN MX 10 mail.example.com.
            example.com. 3600 IN MX 0 .
            example.com. 3600 IN NS ns1.example.com.
            example.com. 3600 IN NS ns2.example.net.
            _sip._tcp.example.com. 3600 IN SRV 1 2 5060 sip.example.com.
            b.example.com. 3600 IN TXT "x"
            a.b.example.com. 3600 IN CNAME www.example.com.
            www.example.com. 300 IN A 192.0.2.1
            www.example.com. 300 IN A 192.0.2.2

            """;
        Assert.Equal(Expected.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Soa_uses_the_settings()
    {
        var settings = Settings() with { Ttl = 86400, NxTtl = 60, Serial = 42, Hostmaster = "john.doe@example.org", DnsServers = [] };
        var text = ZoneFileWriter.Write(new ZoneSnapshot { Settings = settings, Version = 3 });
        Assert.Equal("$ORIGIN example.com.\nexample.com. 86400 IN SOA ns1.example.com. john\\.doe.example.org. 42 43200 7200 1209600 60\n", text);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("semi;colon (paren)", "\"semi;colon (paren)\"")]
    [InlineData("tab\there", "\"tab\\009here\"")]
    [InlineData("café", "\"caf\\195\\169\"")]
    [InlineData("", "\"\"")]
    public void Text_is_quoted_and_escaped(string field, string expected)
    {
        var text = ZoneFileWriter.Write(Snapshot(Record("t.example.com", RecordTypes.TXT, [field])));
        Assert.EndsWith($"t.example.com. 3600 IN TXT {expected}\n", text);
    }

    [Fact]
    public void Long_text_is_split_into_255_octet_strings()
    {
        var text = ZoneFileWriter.Write(Snapshot(Record("t.example.com", RecordTypes.TXT, [new string('a', 300), "b"])));
        Assert.EndsWith($"TXT \"{new string('a', 255)}\" \"{new string('a', 45)}\" \"b\"\n", text);
    }

    [Fact]
    public void Text_fields_of_other_types_are_quoted()
    {
        var text = ZoneFileWriter.Write(Snapshot(
            Record("example.com", RecordTypes.CAA, ["0", "issue", "ca.example.net; account=\"1\""]),
            Record("example.com", RecordTypes.NAPTR, ["100", "10", "U", "E2U+sip", "!^\\+1(.*)$!sip:\\1@example.com!", "."])));
        Assert.Contains("example.com. 3600 IN CAA 0 issue \"ca.example.net; account=\\\"1\\\"\"\n", text);
        Assert.Contains("example.com. 3600 IN NAPTR 100 10 \"U\" \"E2U+sip\" \"!^\\\\+1(.*)$!sip:\\\\1@example.com!\" .\n", text);
    }

    [Fact]
    public void Linked_records_become_comments()
    {
        var linked = Record("www.example.com", RecordTypes.A) with { Link = "web.example.org" };
        var text = ZoneFileWriter.Write(Snapshot(linked));
        Assert.EndsWith("; www.example.com. A is linked to web.example.org and has no data of its own\n", text);
        Assert.Empty(ZoneFileParser.Parse(text, "example.com").Records);
    }
}
