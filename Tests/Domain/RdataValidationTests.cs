using Xunit;
using Vantage.Model;
using Vantage.Validation;
using static Vantage.Tests.Domain.DomainFixtures;

namespace Vantage.Tests.Domain;

/// <summary>Per-type RDATA rules, one answer per record.</summary>
public class RdataValidationTests
{
    [Theory]
    [InlineData("A", new[] { "192.0.2.1" }, null)]
    [InlineData("A", new[] { "0.0.0.0" }, null)]
    [InlineData("A", new[] { "255.255.255.255" }, null)]
    [InlineData("A", new[] { "1.2.3" }, "invalid IPv4 address \"1.2.3\" in answer 1")]
    [InlineData("A", new[] { "01.2.3.4" }, "invalid IPv4 address \"01.2.3.4\" in answer 1")]
    [InlineData("A", new[] { "256.1.1.1" }, "invalid IPv4 address \"256.1.1.1\" in answer 1")]
    [InlineData("A", new[] { "1.2.3.4 " }, "invalid IPv4 address \"1.2.3.4 \" in answer 1")]
    [InlineData("A", new[] { "::1" }, "invalid IPv4 address \"::1\" in answer 1")]
    [InlineData("A", new string[0], "A answer needs 1 field (address), got 0 in answer 1")]
    [InlineData("A", new[] { "192.0.2.1", "192.0.2.2" }, "A answer needs 1 field (address), got 2 in answer 1")]
    [InlineData("AAAA", new[] { "2001:db8::1" }, null)]
    [InlineData("AAAA", new[] { "::ffff:192.0.2.1" }, null)]
    [InlineData("AAAA", new[] { "192.0.2.1" }, "invalid IPv6 address \"192.0.2.1\" in answer 1")]
    [InlineData("AAAA", new[] { "fe80::1%eth0" }, "invalid IPv6 address \"fe80::1%eth0\" in answer 1")]
    [InlineData("AAAA", new[] { "2001:db8::g" }, "invalid IPv6 address \"2001:db8::g\" in answer 1")]
    [InlineData("CNAME", new[] { "target.example.net" }, null)]
    [InlineData("CNAME", new[] { "target.example.net." }, null)]
    [InlineData("CNAME", new[] { "." }, "invalid CNAME target \".\" in answer 1: the root name is not allowed here")]
    [InlineData("CNAME", new[] { "a..b" }, "invalid CNAME target \"a..b\" in answer 1: empty label (two dots in a row)")]
    [InlineData("CNAME", new[] { "*.example.net" }, "invalid CNAME target \"*.example.net\" in answer 1: a wildcard \"*\" is not allowed here")]
    [InlineData("NS", new[] { "ns1.example.net" }, null)]
    [InlineData("NS", new[] { "ns 1" }, "invalid NS name server \"ns 1\" in answer 1: invalid character U+0020 in label \"ns 1\"")]
    [InlineData("PTR", new[] { "host.example.com" }, null)]
    [InlineData("PTR", new[] { "" }, "invalid PTR target \"\" in answer 1: name is empty")]
    [InlineData("MX", new[] { "10", "mail.example.com" }, null)]
    [InlineData("MX", new[] { "0", "." }, null)]
    [InlineData("MX", new[] { "65535", "mail.example.com" }, null)]
    [InlineData("MX", new[] { "65536", "mail.example.com" }, "MX preference must be an integer 0..65535, got \"65536\" in answer 1")]
    [InlineData("MX", new[] { "-1", "mail.example.com" }, "MX preference must be an integer 0..65535, got \"-1\" in answer 1")]
    [InlineData("MX", new[] { "ten", "mail.example.com" }, "MX preference must be an integer 0..65535, got \"ten\" in answer 1")]
    [InlineData("MX", new[] { "10" }, "MX answer needs 2 fields (preference, exchange), got 1 in answer 1")]
    [InlineData("MX", new[] { "10", "mail..example.com" }, "invalid MX exchange \"mail..example.com\" in answer 1: empty label (two dots in a row)")]
    [InlineData("SRV", new[] { "10", "60", "5060", "sip.example.com" }, null)]
    [InlineData("SRV", new[] { "0", "0", "0", "." }, null)]
    [InlineData("SRV", new[] { "10", "60", "70000", "sip.example.com" }, "SRV port must be an integer 0..65535, got \"70000\" in answer 1")]
    [InlineData("SRV", new[] { "x", "60", "5060", "sip.example.com" }, "SRV priority must be an integer 0..65535, got \"x\" in answer 1")]
    [InlineData("SRV", new[] { "1", "1.5", "5060", "sip.example.com" }, "SRV weight must be an integer 0..65535, got \"1.5\" in answer 1")]
    [InlineData("SRV", new[] { "1", "1", "5060" }, "SRV answer needs 4 fields (priority, weight, port, target), got 3 in answer 1")]
    [InlineData("CAA", new[] { "0", "issue", "letsencrypt.org" }, null)]
    [InlineData("CAA", new[] { "128", "iodef", "mailto:security@example.com" }, null)]
    [InlineData("CAA", new[] { "0", "issue", "" }, null)]
    [InlineData("CAA", new[] { "256", "issue", "x" }, "CAA flags must be an integer 0..255, got \"256\" in answer 1")]
    [InlineData("CAA", new[] { "0", "is-sue", "x" }, "CAA tag must be 1 to 15 letters or digits, got \"is-sue\" in answer 1")]
    [InlineData("CAA", new[] { "0", "", "x" }, "CAA tag must be 1 to 15 letters or digits, got \"\" in answer 1")]
    [InlineData("CAA", new[] { "0", "abcdefghijklmnop", "x" }, "CAA tag must be 1 to 15 letters or digits, got \"abcdefghijklmnop\" in answer 1")]
    [InlineData("CAA", new[] { "0", "issue", "a\u0001" }, "malformed CAA value in answer 1: control character U+0001")]
    [InlineData("NAPTR", new[] { "100", "10", "U", "E2U+sip", "!^.*$!sip:info@example.com!", "." }, null)]
    [InlineData("NAPTR", new[] { "100", "10", "S", "SIP+D2U", "", "_sip._udp.example.com" }, null)]
    [InlineData("NAPTR", new[] { "65536", "10", "S", "SIP+D2U", "", "." }, "NAPTR order must be an integer 0..65535, got \"65536\" in answer 1")]
    [InlineData("NAPTR", new[] { "1", "10", "S", "SIP+D2U", "" }, "NAPTR answer needs 6 fields (order, preference, flags, service, regexp, replacement), got 5 in answer 1")]
    [InlineData("NAPTR", new[] { "1", "10", "S", "SIP+D2U", "", "a..b" }, "invalid NAPTR replacement \"a..b\" in answer 1: empty label (two dots in a row)")]
    [InlineData("DS", new[] { "60485", "5", "1", "2BB183AF5F22588179A53B0A98631FAD1A292118" }, null)]
    [InlineData("DS", new[] { "65536", "5", "1", "AB" }, "DS key tag must be an integer 0..65535, got \"65536\" in answer 1")]
    [InlineData("DS", new[] { "1", "256", "1", "AB" }, "DS algorithm must be an integer 0..255, got \"256\" in answer 1")]
    [InlineData("DS", new[] { "1", "5", "300", "AB" }, "DS digest type must be an integer 0..255, got \"300\" in answer 1")]
    [InlineData("DS", new[] { "1", "5", "1", "ABC" }, "DS digest must be an even number of hex digits, got \"ABC\" in answer 1")]
    [InlineData("DS", new[] { "1", "5", "1", "XY" }, "DS digest must be an even number of hex digits, got \"XY\" in answer 1")]
    [InlineData("DS", new[] { "1", "5", "1", "" }, "DS digest must be an even number of hex digits, got \"\" in answer 1")]
    [InlineData("TXT", new[] { "hello world" }, null)]
    [InlineData("TXT", new[] { "one", "two" }, null)]
    [InlineData("TXT", new[] { "" }, null)]
    [InlineData("TXT", new[] { "tab\there" }, null)]
    [InlineData("TXT", new[] { "C:\\path\\x and \\999 stay literal" }, null)]
    [InlineData("TXT", new[] { "v=DKIM1; k=rsa; p=MIGf" }, null)]
    [InlineData("TXT", new[] { "ünïcødé ✓" }, null)]
    [InlineData("TXT", new string[0], "malformed TXT in answer 1: an answer needs at least one text field")]
    [InlineData("TXT", new[] { "bell\u0007" }, "malformed TXT in answer 1: control character U+0007")]
    [InlineData("TXT", new[] { "ok", "line\nbreak" }, "malformed TXT in answer 1: control character U+000A in field 2")]
    [InlineData("TXT", new[] { "del\u007f" }, "malformed TXT in answer 1: control character U+007F")]
    [InlineData("SPF", new[] { "v=spf1 -all" }, null)]
    [InlineData("SPF", new[] { "nul\u0000" }, "malformed SPF in answer 1: control character U+0000")]
    public void Answer_fields(string type, string[] fields, string? expected) =>
        Assert.Equal(expected, RecordValidator.ValidateRecord(Record(Name(type), type, fields)));

    [Fact]
    public void Long_text_fields_are_accepted_up_to_the_rdata_limit()
    {
        Assert.Null(RecordValidator.ValidateRecord(Record("example.com", RecordTypes.TXT, [new string('x', 300)])));
        Assert.Null(RecordValidator.ValidateRecord(Record("example.com", RecordTypes.TXT, [new string('x', 65000)])));
        Assert.Equal(
            "malformed TXT in answer 1: the text is longer than 65535 octets on the wire",
            RecordValidator.ValidateRecord(Record("example.com", RecordTypes.TXT, [new string('x', 65400)])));
    }

    [Fact]
    public void Unpaired_surrogates_are_malformed_text()
    {
        // Not in [InlineData]: attribute metadata cannot carry an unpaired surrogate.
        Assert.Equal("malformed TXT in answer 1: text is not valid Unicode (unpaired surrogate)",
            RecordValidator.ValidateRecord(Record("example.com", RecordTypes.TXT, ["ok\ud800"])));
        Assert.Null(RecordValidator.ValidateRecord(Record("example.com", RecordTypes.TXT, ["emoji \ud83d\ude00"])));
    }

    [Fact]
    public void Naptr_character_strings_are_limited_to_255_octets()
    {
        string[] fields = ["1", "1", "U", "E2U+sip", new string('r', 256), "."];
        Assert.Equal("NAPTR regexp is longer than 255 octets in answer 1",
            RecordValidator.ValidateRecord(Record("example.com", RecordTypes.NAPTR, fields)));
    }

    [Fact]
    public void The_failing_answer_is_numbered()
    {
        var record = Record("www.example.com", RecordTypes.A, ["192.0.2.1"], ["192.0.2.2"], ["192.0.2"]);
        Assert.Equal("invalid IPv4 address \"192.0.2\" in answer 3", RecordValidator.ValidateRecord(record));
    }

    [Theory]
    [InlineData("A", new[] { "192.0.2.1" }, new[] { "192.0.2.1" }, "duplicate answer \"192.0.2.1\" (answers 1 and 2)")]
    [InlineData("AAAA", new[] { "2001:db8::1" }, new[] { "2001:0db8:0:0::1" }, "duplicate answer \"2001:0db8:0:0::1\" (answers 1 and 2)")]
    [InlineData("MX", new[] { "10", "Mail.Example.com" }, new[] { "10", "mail.example.com." }, "duplicate answer \"10 mail.example.com.\" (answers 1 and 2)")]
    [InlineData("MX", new[] { "10", "mail.example.com" }, new[] { "20", "mail.example.com" }, null)]
    [InlineData("TXT", new[] { "a" }, new[] { "A" }, null)]
    [InlineData("TXT", new[] { "a", "b" }, new[] { "a", "b" }, "duplicate answer \"a b\" (answers 1 and 2)")]
    public void Duplicate_answers_are_refused(string type, string[] first, string[] second, string? expected) =>
        Assert.Equal(expected, RecordValidator.ValidateRecord(Record(Name(type), type, first, second)));

    /// <summary>CNAME cannot sit at the apex in the coexistence rules, but ValidateRecord does not care; use a subdomain anyway.</summary>
    private static string Name(string type) => type == RecordTypes.CNAME ? "alias.example.com" : "example.com";
}
