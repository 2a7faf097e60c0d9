using Vantage.ZoneFiles;
using Xunit;

namespace Vantage.Tests.Domain;

/// <summary>Every master-file error, with the line it is reported on.</summary>
public class ZoneFileParserErrorTests
{
    [Theory]
    [InlineData("$INCLUDE other.zone", 1, "$INCLUDE is not supported; put the included records into the file itself")]
    [InlineData("$TTL 60\n$GENERATE 1-3 host$ A 192.0.2.$", 2, "$GENERATE is not supported; write the generated records out")]
    [InlineData("$FOO bar", 1, "unknown directive \"$FOO\"")]
    [InlineData("$ORIGIN", 1, "$ORIGIN needs exactly one name")]
    [InlineData("$ORIGIN a. b.", 1, "$ORIGIN needs exactly one name")]
    [InlineData("$ORIGIN a..b.", 1, "name \"a..b.\" has an empty label")]
    [InlineData("$TTL", 1, "$TTL needs exactly one TTL value")]
    [InlineData("$TTL 1x", 1, "invalid TTL \"1x\" (seconds 0..2147483647, or units like 1h, 2d)")]
    [InlineData("$TTL 2147483648", 1, "invalid TTL \"2147483648\" (seconds 0..2147483647, or units like 1h, 2d)")]
    [InlineData("$TTL 1h30", 1, "invalid TTL \"1h30\" (seconds 0..2147483647, or units like 1h, 2d)")]
    [InlineData("www 1y A 192.0.2.1", 1, "invalid TTL \"1y\" (seconds 0..2147483647, or units like 1h, 2d)")]
    [InlineData("www A 192.0.2.1", 1, "the record has no TTL and no $TTL is in effect")]
    [InlineData("$TTL 60\n  A 192.0.2.1", 2, "the first record has no owner name")]
    [InlineData("$TTL 60\nwww", 2, "the record type is missing")]
    [InlineData("$TTL 60\nwww IN 60", 2, "the record type is missing")]
    [InlineData("$TTL 60\nwww CH A 192.0.2.1", 2, "class CH is not supported (only IN)")]
    [InlineData("$TTL 60\nwww IN IN A 192.0.2.1", 2, "the class is given twice")]
    [InlineData("$TTL 60\nwww 60 70 A 192.0.2.1", 2, "unsupported record type \"70\"")]
    [InlineData("$TTL 60\nwww HINFO \"PC\" \"Linux\"", 2, "unsupported record type \"HINFO\"")]
    [InlineData("$TTL 60\nwww TYPE123 \\# 0", 2, "unsupported record type \"TYPE123\"")]
    [InlineData("$TTL 60\nwww TYPE1 \\# 4 C0000201", 2, "unsupported record type \"TYPE1\" (generic type syntax is not supported; write A)")]
    [InlineData("$TTL 60\nwww A \\# 4 C0000201", 2, "generic RDATA (\\#) is not supported; write the RDATA in the type's own format")]
    [InlineData("$TTL 60\nwww \"A\" 192.0.2.1", 2, "expected a record type, got the quoted string \"A\"")]
    [InlineData("$TTL 60\nwww A 1.2.3", 2, "invalid IPv4 address \"1.2.3\"")]
    [InlineData("$TTL 60\nwww A 192.0.2.1 192.0.2.2", 2, "A record needs 1 RDATA fields (address), got 2")]
    [InlineData("$TTL 60\n@ MX 10", 2, "MX record needs 2 RDATA fields (preference, exchange), got 1")]
    [InlineData("$TTL 60\n@ MX 70000 mail", 2, "MX preference must be an integer 0..65535, got \"70000\"")]
    [InlineData("$TTL 60\n@ MX 10 \"mail\"", 2, "expected a name, got the quoted string \"mail\"")]
    [InlineData("$TTL 60\nwww CNAME a..b.", 2, "name \"a..b.\" has an empty label")]
    [InlineData("$TTL 60\nwww CNAME .", 2, "invalid CNAME target \".\": the root name is not allowed here")]
    [InlineData("$TTL 60\na\\.b A 192.0.2.1", 2, "name \"a\\.b\" has an escaped dot inside a label, which is not supported")]
    [InlineData("$TTL 60\na\\999 A 192.0.2.1", 2, "invalid escape \"\\999\" (use \\DDD with DDD from 000 to 255)")]
    [InlineData("$TTL 60\nw\\032w A 192.0.2.1", 2, "invalid domain \"w w.example.com\": invalid character U+0020 in label \"w w\"")]
    [InlineData("$TTL 60\nwww.other.com. A 192.0.2.1", 2, "domain www.other.com is not in zone example.com")]
    [InlineData("$TTL 60\n. A 192.0.2.1", 2, "invalid domain \".\": the root name is not allowed here")]
    [InlineData("$TTL 60\na.*.b A 192.0.2.1", 2, "invalid domain \"a.*.b.example.com\": \"*\" is only allowed as the whole leftmost label")]
    [InlineData("$TTL 60\nwww TXT \"bell\\007\"", 2, "malformed TXT: control character U+0007")]
    [InlineData("$TTL 60\nwww TXT \"bad\\25\"", 2, "malformed TXT: invalid escape \"\\25\" (use \\DDD with DDD from 000 to 255)")]
    [InlineData("$TTL 60\nwww TXT \"\\255\"", 2, "malformed TXT: text is not valid UTF-8")]
    [InlineData("$TTL 60\nwww TXT", 2, "malformed TXT: no text")]
    [InlineData("$TTL 60\n@ CAA 0 is-sue \"x\"", 2, "CAA tag must be 1 to 15 letters or digits, got \"is-sue\"")]
    [InlineData("$TTL 60\n@ DS 1 5 1 ABC", 2, "DS digest must be an even number of hex digits, got \"ABC\"")]
    [InlineData("$TTL 60\n@ CNAME other.example.net.", 2, "CNAME cannot be created at the zone apex")]
    [InlineData("$TTL 60\nwww A 192.0.2.1\nwww CNAME x.example.net.", 3, "CNAME www.example.com cannot coexist with other records at the same name (A exists)")]
    [InlineData("$TTL 60\nwww CNAME x.example.net.\nwww TXT \"t\"", 3, "TXT www.example.com cannot coexist with the CNAME at the same name")]
    [InlineData("$TTL 60\nwww CNAME x.example.net.\nwww CNAME y.example.net.", 3, "more than one CNAME record at www.example.com (the first is on line 2)")]
    [InlineData("$TTL 60\nwww A 192.0.2.1\n\nwww A 192.0.2.1", 4, "duplicate answer \"192.0.2.1\" (same as line 2)")]
    [InlineData("$TTL 60\n@ SOA ns1 admin 1 2 3 4 5\n@ SOA ns1 admin 2 2 3 4 5", 3, "more than one SOA record (the first is on line 2)")]
    [InlineData("$TTL 60\nwww SOA ns1 admin 1 2 3 4 5", 2, "the SOA record must be at the zone apex example.com, not at www.example.com")]
    [InlineData("@ 60 SOA ns1 admin 1 2 3 4", 1, "SOA needs 7 fields (mname, rname, serial, refresh, retry, expire, minimum), got 6")]
    [InlineData("@ 60 SOA ns1 admin -1 2 3 4 5", 1, "SOA serial must be an integer 0..4294967295, got \"-1\"")]
    [InlineData("@ 60 SOA ns1 admin 4294967296 2 3 4 5", 1, "SOA serial must be an integer 0..4294967295, got \"4294967296\"")]
    [InlineData("@ 60 SOA ns1 admin 1 2x 3 4 5", 1, "invalid SOA refresh \"2x\" (seconds 0..2147483647, or units like 1h)")]
    [InlineData("@ 60 SOA ns1 admin 1 2 3 4 -5", 1, "invalid SOA minimum \"-5\" (seconds 0..2147483647, or units like 1h)")]
    [InlineData("@ 60 SOA ns1 @ 1 2 3 4 5", 1, "SOA rname \"@\" is not a mailbox name (hostmaster.example.com.)")]
    [InlineData("$ORIGIN .\n@ 60 SOA ns1. com. 1 2 3 4 5", 2, "the SOA record must be at the zone apex example.com, not at .")]
    [InlineData("@ 60 SOA ns1 a\\032b 1 2 3 4 5", 1, "SOA rname: hostmaster \"a b@example.com\" has an invalid character U+0020 in its local part")]
    [InlineData("@ 60 SOA a..b. admin 1 2 3 4 5", 1, "name \"a..b.\" has an empty label")]
    [InlineData("$TTL 60\nwww A ( 192.0.2.1\n\n", 2, "'(' is never closed by ')'")]
    [InlineData("$TTL 60\n\nwww A 192.0.2.1 )", 3, "')' without a matching '('")]
    [InlineData("$TTL 60\nwww TXT \"open\n", 2, "quoted string is not closed on the line it starts")]
    [InlineData("$TTL 60\nwww TXT \"open", 2, "quoted string is not closed on the line it starts")]
    [InlineData("$TTL 60\nwww A 192.0.2.1\\", 2, "a backslash must be followed by a character")]
    [InlineData("$TTL 60\nwww A 192.0.2.1\nbad A 300.0.0.1\n( A ( 192.0.2.1", 3, "invalid IPv4 address \"300.0.0.1\"")]
    public void Errors_name_the_line(string text, int line, string message)
    {
        var result = ZoneFileParser.Parse(text, "example.com");
        Assert.Equal($"line {line}: {message}", result.Error);
        Assert.Equal(line, result.ErrorLine);
        Assert.Empty(result.Records);
    }

    [Fact]
    public void Long_character_string_is_refused()
    {
        var result = ZoneFileParser.Parse($"$TTL 60\n\nwww TXT \"{new string('x', 256)}\"\n", "example.com");
        Assert.Equal("line 3: malformed TXT: string 1 is longer than 255 octets (split it into several quoted strings)", result.Error);
    }

    [Fact]
    public void Error_on_a_continuation_line_points_at_the_record_start()
    {
        var result = ZoneFileParser.Parse("$TTL 60\n\n@ MX (\n  10\n  a..b. )\n", "example.com");
        Assert.Equal(3, result.ErrorLine);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("exa mple.com")]
    public void Invalid_zone_argument_is_an_error_without_a_line(string zone)
    {
        var result = ZoneFileParser.Parse("www 60 A 192.0.2.1\n", zone);
        Assert.NotNull(result.Error);
        Assert.StartsWith("invalid zone name", result.Error);
        Assert.Null(result.ErrorLine);
    }
}
