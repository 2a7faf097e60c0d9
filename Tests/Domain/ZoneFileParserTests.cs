using Vantage.Model;
using Vantage.ZoneFiles;
using Xunit;
using static Vantage.Tests.Domain.DomainFixtures;

namespace Vantage.Tests.Domain;

/// <summary>Master-file features that parse.</summary>
public class ZoneFileParserTests
{
    private const string Basic = """
        $ORIGIN example.com.
        $TTL 1h
        @ IN SOA ns1 hostmaster ( 2024010101 ; serial
                 2h 30m   ; refresh, retry
                 2w 5m )  ; expire, minimum
          IN NS ns1
          IN NS NS2.Example.NET.
        www 300 IN A 192.0.2.1
            IN 300 A 192.0.2.2 ; class before TTL, owner reused
        mail A 192.0.2.3
        """;

    [Fact]
    public void Soa_fills_the_settings()
    {
        var settings = ParseOk(Basic).Settings;
        Assert.Equal(3600, settings.Ttl);
        Assert.Equal(300, settings.NxTtl);
        Assert.Equal(7200, settings.Refresh);
        Assert.Equal(1800, settings.Retry);
        Assert.Equal(1209600, settings.Expiry);
        Assert.Equal(2024010101u, settings.Serial);
        Assert.Equal("hostmaster@example.com", settings.Hostmaster);
        Assert.Equal(["ns1.example.com", "ns2.example.net"], settings.DnsServers!.Value.ToArray());
    }

    [Fact]
    public void Records_are_grouped_into_sets_with_ids()
    {
        var result = ParseOk(Basic);
        Assert.Equal(3, result.Records.Length);
        var ns = Single(result, "example.com", "NS");
        Assert.Equal([["ns1.example.com"], ["ns2.example.net"]], Fields(ns));
        Assert.Equal(3600, ns.Ttl);
        var www = Single(result, "www.example.com", "A");
        Assert.Equal([["192.0.2.1"], ["192.0.2.2"]], Fields(www));
        Assert.Equal(300, www.Ttl);
        Assert.Equal(3600, Single(result, "mail.example.com", "A").Ttl);
        Assert.All(result.Records, r =>
        {
            Assert.Equal("example.com", r.Zone);
            Assert.Matches("^[0-9a-f]{24}$", r.Id);
            Assert.All(r.Answers, a => Assert.Matches("^[0-9a-f]{24}$", a.Id));
        });
        Assert.Equal(result.Records.Length, result.Records.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void Soa_mname_comes_first_among_the_dns_servers()
    {
        var result = ParseOk("""
            @ 60 SOA ns2.example.net. admin 1 1 1 1 1
            @ 60 NS ns1.example.net.
            @ 60 NS ns2.example.net.
            """);
        Assert.Equal(["ns2.example.net", "ns1.example.net"], result.Settings.DnsServers!.Value.ToArray());
    }

    [Fact]
    public void Without_apex_ns_the_mname_is_the_dns_server()
    {
        var result = ParseOk("@ 60 SOA ns.example.net. admin 1 1 1 1 1\n");
        Assert.Equal(["ns.example.net"], result.Settings.DnsServers!.Value.ToArray());
        Assert.Empty(result.Records);
    }

    [Fact]
    public void A_file_without_soa_leaves_the_settings_empty()
    {
        var result = ParseOk("www 60 A 192.0.2.1\n");
        Assert.Equal(new ZonePatch(), result.Settings);
        Assert.Single(result.Records);
    }

    [Fact]
    public void Empty_file_and_comments_only_parse_to_nothing()
    {
        Assert.Empty(ParseOk("").Records);
        Assert.Empty(ParseOk("; just a comment\n\n   \n\t; indented comment\n").Records);
    }

    [Theory]
    [InlineData("$TTL 120\nwww A 192.0.2.1", 120)]
    [InlineData("$TTL 1w2d3h4m5s\nwww A 192.0.2.1", 788645)]
    [InlineData("$TTL 1H\nwww A 192.0.2.1", 3600)]
    [InlineData("www 2d A 192.0.2.1", 172800)]
    [InlineData("www 0 A 192.0.2.1", 0)]
    [InlineData("www 2147483647 A 192.0.2.1", 2147483647)]
    [InlineData("@ 7200 SOA ns1 admin 1 2 3 4 600\nwww A 192.0.2.1", 600)]
    [InlineData("$TTL 90\n@ 7200 SOA ns1 admin 1 2 3 4 600\nwww A 192.0.2.1", 90)]
    [InlineData("a 45 A 192.0.2.9\nwww A 192.0.2.1", 45)]
    [InlineData("www IN 77 A 192.0.2.1", 77)]
    [InlineData("www 77 IN A 192.0.2.1", 77)]
    [InlineData("www 77 in a 192.0.2.1", 77)]
    public void Ttl_is_explicit_or_defaulted(string text, int expected) =>
        Assert.Equal(expected, Single(ParseOk(text), "www.example.com", "A").Ttl);

    [Fact]
    public void Soa_without_ttl_takes_its_minimum_unless_ttl_directive()
    {
        Assert.Equal(600, ParseOk("@ SOA ns1 admin 1 2 3 4 600\n").Settings.Ttl);
        Assert.Equal(99, ParseOk("$TTL 99\n@ SOA ns1 admin 1 2 3 4 600\n").Settings.Ttl);
        Assert.Equal(42, ParseOk("@ 42 IN SOA ns1 admin 1 2 3 4 600\n").Settings.Ttl);
    }

    [Fact]
    public void Names_are_resolved_against_the_origin()
    {
        var result = ParseOk("""
            $TTL 60
            @ A 192.0.2.1
            www A 192.0.2.2
            Host.Example.COM. A 192.0.2.3
            $ORIGIN sub.example.com.
            @ A 192.0.2.4
            deep A 192.0.2.5
            $ORIGIN dev
            api A 192.0.2.6
            *.wild A 192.0.2.7
            alias CNAME Target.Example.NET.
            rel CNAME api
            """);
        string[] expected =
        [
            "example.com", "www.example.com", "host.example.com", "sub.example.com", "deep.sub.example.com",
            "api.dev.sub.example.com", "*.wild.dev.sub.example.com",
        ];
        Assert.Equal(expected, result.Records.Where(r => r.Type == "A").Select(r => r.Domain));
        Assert.Equal("target.example.net", Single(result, "alias.dev.sub.example.com", "CNAME").Answers[0].Rdata[0]);
        Assert.Equal("api.dev.sub.example.com", Single(result, "rel.dev.sub.example.com", "CNAME").Answers[0].Rdata[0]);
    }

    [Fact]
    public void Root_origin_and_absolute_names()
    {
        var result = ParseOk("$ORIGIN .\n$TTL 60\nexample.com A 192.0.2.1\nwww.example.com A 192.0.2.2\n");
        Assert.Equal(["example.com", "www.example.com"], result.Records.Select(r => r.Domain));
    }

    [Fact]
    public void Zone_argument_is_normalised()
    {
        var result = ZoneFileParser.Parse("www 60 A 192.0.2.1\n", "Example.COM.");
        Assert.Null(result.Error);
        Assert.Equal("www.example.com", result.Records[0].Domain);
        Assert.Equal("example.com", result.Records[0].Zone);
    }

    [Fact]
    public void Text_strings_decode_escapes_and_keep_semicolons()
    {
        var result = ParseOk("""
            $TTL 60
            a TXT "v=DKIM1; k=rsa" ; a comment after the string
            b TXT "say \"hi\"" "back\\slash" "\065\066C" "tab\009x" "caf\195\169" "caf\u00e9" ""
            c TXT unquoted words \;escaped
            d TXT ( "multi"
                    "line" )
            e SPF "v=spf1 -all"
            """);
        Assert.Equal([["v=DKIM1; k=rsa"]], Fields(Single(result, "a.example.com", "TXT")));
        Assert.Equal([["say \"hi\"", "back\\slash", "ABC", "tab\tx", "café", "cafu00e9", ""]], Fields(Single(result, "b.example.com", "TXT")));
        Assert.Equal([["unquoted", "words", ";escaped"]], Fields(Single(result, "c.example.com", "TXT")));
        Assert.Equal([["multi", "line"]], Fields(Single(result, "d.example.com", "TXT")));
        Assert.Equal([["v=spf1 -all"]], Fields(Single(result, "e.example.com", "SPF")));
    }

    [Fact]
    public void A_255_octet_string_continues_in_the_next_one()
    {
        var chunk = new string('k', 255);
        var result = ParseOk($"$TTL 60\nlong TXT \"{chunk}\" \"{chunk}\" \"tail\" \"next\"\nshort TXT \"{chunk[..254]}\" \"b\"\n");
        Assert.Equal([[chunk + chunk + "tail", "next"]], Fields(Single(result, "long.example.com", "TXT")));
        Assert.Equal([[chunk[..254], "b"]], Fields(Single(result, "short.example.com", "TXT")));
    }

    [Fact]
    public void Every_type_parses_into_fields()
    {
        var result = ParseOk("""
            $TTL 300
            @ MX 10 mail
            @ MX 20 Backup.Example.NET.
            nomail MX 0 .
            _sip._tcp SRV 10 60 5060 sipserver
            _none._tcp SRV 0 0 0 .
            @ CAA 0 issue "letsencrypt.org"
            @ CAA 128 iodef "mailto:security@example.com"
            @ NAPTR 100 10 "U" "E2U+sip" "!^\\+1(.*)$!sip:\\1@example.com!" .
            @ NAPTR 102 10 "S" "SIP+D2U" "" _sip._udp
            sub DS 60485 5 1 ( 2BB183AF5F22588179A53B0A9
                               8631FAD1A292118 )
            sub NS ns1.sub
            ptr PTR host
            v6 AAAA 2001:DB8::1
            """);
        Assert.Equal([["10", "mail.example.com"], ["20", "backup.example.net"]], Fields(Single(result, "example.com", "MX")));
        Assert.Equal([["0", "."]], Fields(Single(result, "nomail.example.com", "MX")));
        Assert.Equal([["10", "60", "5060", "sipserver.example.com"]], Fields(Single(result, "_sip._tcp.example.com", "SRV")));
        Assert.Equal([["0", "0", "0", "."]], Fields(Single(result, "_none._tcp.example.com", "SRV")));
        Assert.Equal([["0", "issue", "letsencrypt.org"], ["128", "iodef", "mailto:security@example.com"]],
            Fields(Single(result, "example.com", "CAA")));
        Assert.Equal(
            [
                ["100", "10", "U", "E2U+sip", "!^\\+1(.*)$!sip:\\1@example.com!", "."],
                ["102", "10", "S", "SIP+D2U", "", "_sip._udp.example.com"],
            ],
            Fields(Single(result, "example.com", "NAPTR")));
        Assert.Equal([["60485", "5", "1", "2BB183AF5F22588179A53B0A98631FAD1A292118"]], Fields(Single(result, "sub.example.com", "DS")));
        Assert.Equal([["ns1.sub.example.com"]], Fields(Single(result, "sub.example.com", "NS")));
        Assert.Equal([["host.example.com"]], Fields(Single(result, "ptr.example.com", "PTR")));
        Assert.Equal([["2001:DB8::1"]], Fields(Single(result, "v6.example.com", "AAAA")));
    }

    [Fact]
    public void Escaped_dots_in_the_rname_stay_in_the_local_part()
    {
        var result = ParseOk("@ 60 SOA ns1 John\\.Doe.Example.com. 1 1 1 1 1\n");
        Assert.Equal("John.Doe@example.com", result.Settings.Hostmaster);
    }

    [Fact]
    public void Escapes_in_owner_names_are_decoded()
    {
        Assert.Equal("abc.example.com", ParseOk("a\\098c 60 A 192.0.2.1\n").Records[0].Domain);
    }

    [Fact]
    public void Set_ttl_is_the_smallest_of_its_records()
    {
        var result = ParseOk("www 300 A 192.0.2.1\nwww 60 A 192.0.2.2\nwww 600 A 192.0.2.3\n");
        Assert.Equal(60, Single(result, "www.example.com", "A").Ttl);
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        var result = ParseOk("$TTL 60\r\nwww A 192.0.2.1\r\n  A 192.0.2.2\r\n");
        Assert.Equal(2, Single(result, "www.example.com", "A").Answers.Length);
    }

    [Fact]
    public void Parentheses_keep_line_numbers_for_later_errors()
    {
        var result = ZoneFileParser.Parse("$TTL 60\n@ MX ( 10\n  mail )\nbad A 1.2.3\n", "example.com");
        Assert.Equal(4, result.ErrorLine);
    }

    [Fact]
    public void Large_zone_parses_into_one_set_per_name()
    {
        var text = new System.Text.StringBuilder("$TTL 60\n");
        for (var i = 0; i < 20000; i++) text.Append("host").Append(i).Append(" A 192.0.2.").Append(i % 250).Append('\n');
        var result = ParseOk(text.ToString());
        Assert.Equal(20000, result.Records.Length);
        Assert.Equal("host19999.example.com", result.Records[^1].Domain);
    }
}
