using Vantage.Events;
using Vantage.ZoneFiles;
using Xunit;
using static Vantage.Tests.Domain.DomainFixtures;

namespace Vantage.Tests.Domain;

/// <summary>Import → export → import keeps every record set and the SOA settings.</summary>
public class ZoneFileRoundTripTests
{
    internal static readonly string RichZone = $$"""
        ; A zone using most of the master-file syntax.
        $ORIGIN example.com.
        $TTL 1h
        @   IN  SOA ns1.example.com. John\.Doe ( 2024060101 ; serial
                    3h      ; refresh
                    15m     ; retry
                    2w      ; expire
                    300 )   ; minimum
            IN  NS  ns1
            IN  NS  ns2.provider.net.
            IN  MX  10 mail
            IN  MX  20 mail.backup.net.
            IN  A   192.0.2.10
            IN  AAAA 2001:db8::10
            IN  TXT "v=spf1 mx -all"
            IN  TXT "google-site-verification=abc123" "second string"
            IN  SPF "v=spf1 -all"
            IN  CAA 0 issue "letsencrypt.org"
            IN  CAA 128 iodef "mailto:security@example.com"
            IN  NAPTR 100 10 "U" "E2U+sip" "!^\\+1(.*)$!sip:\\1@example.com!" .
        www 300 IN A 192.0.2.1
                    A 192.0.2.2
        WWW IN 300 AAAA 2001:DB8::1
        ftp CNAME www
        *.wild 120 A 192.0.2.99
        _sip._tcp SRV 10 60 5060 sip
        _none._udp SRV 0 0 0 .
        nomail MX 0 .
        mail A 192.0.2.25
        dkim._domainkey TXT ( "v=DKIM1; k=rsa; "
                              "p={{new string('Q', 253)}}"
                              "{{new string('Q', 47)}}" )
        exact TXT "{{new string('e', 255)}}"
        escapes TXT "quote\" backslash\\ semicolon; tab\009 utf8 caf\195\169 \"nested\""
        empty TXT ""
        $ORIGIN sub.example.com.
        @ NS ns1.sub
        @ DS 60485 5 1 ( 2BB183AF5F22588179A53B0A9
                         8631FAD1A292118 )
        ns1 A 192.0.2.53
        $ORIGIN 2.0.192.in-addr.example.com.
        4 PTR host.example.com.
        """;

    [Fact]
    public void Rich_zone_survives_export_and_import()
    {
        var first = ParseOk(RichZone);
        Assert.Equal(24, first.Records.Length);
        var exported = ZoneFileWriter.Write(new ZoneSnapshot { Settings = SettingsFrom(first.Settings), Version = 1, Records = first.Records });
        var second = ParseOk(exported);
        Assert.Equal(Shape(first.Records), Shape(second.Records));
        Assert.Equal(first.Settings, second.Settings with { DnsServers = first.Settings.DnsServers });
        Assert.Equal(first.Settings.DnsServers!.Value.ToArray(), second.Settings.DnsServers!.Value.ToArray());

        var again = ZoneFileWriter.Write(new ZoneSnapshot { Settings = SettingsFrom(second.Settings), Version = 1, Records = second.Records });
        Assert.Equal(exported, again);
    }

    [Fact]
    public void Rich_zone_values_are_decoded()
    {
        var result = ParseOk(RichZone);
        Assert.Equal("John.Doe@example.com", result.Settings.Hostmaster);
        Assert.Equal(300, result.Settings.NxTtl);
        Assert.Equal(10800, result.Settings.Refresh);
        Assert.Equal([["v=DKIM1; k=rsa; ", "p=" + new string('Q', 300)]], Fields(Single(result, "dkim._domainkey.example.com", "TXT")));
        Assert.Equal([[new string('e', 255)]], Fields(Single(result, "exact.example.com", "TXT")));
        Assert.Equal([["quote\" backslash\\ semicolon; tab\t utf8 café \"nested\""]], Fields(Single(result, "escapes.example.com", "TXT")));
        Assert.Equal([["www.example.com"]], Fields(Single(result, "ftp.example.com", "CNAME")));
        Assert.Equal(120, Single(result, "*.wild.example.com", "A").Ttl);
        Assert.Equal(300, Single(result, "www.example.com", "AAAA").Ttl);
        Assert.Equal([["host.example.com"]], Fields(Single(result, "4.2.0.192.in-addr.example.com", "PTR")));
    }
}
