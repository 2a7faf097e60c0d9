using Xunit;
using Vantage.Model;
using Vantage.Validation;
using static Vantage.Tests.Domain.DomainFixtures;

namespace Vantage.Tests.Domain;

public class NameValidationTests
{
    private static readonly string Label63 = new('a', 63);
    private static readonly string Label64 = new('b', 64);

    [Theory]
    [InlineData("example.com", null)]
    [InlineData("com", null)]
    [InlineData("EXAMPLE.com", null)]
    [InlineData("_tenant.example.com", null)]
    [InlineData("xn--caf-dma.example", null)]
    [InlineData("0-25.2.0.192.in-addr.arpa", null)]
    [InlineData("", "invalid zone name \"\": name is empty")]
    [InlineData(".", "invalid zone name \".\": the root name is not allowed here")]
    [InlineData("example.com.", "invalid zone name \"example.com.\": name must not end with a dot")]
    [InlineData(".example.com", "invalid zone name \".example.com\": name must not start with a dot")]
    [InlineData("example..com", "invalid zone name \"example..com\": empty label (two dots in a row)")]
    [InlineData("*.example.com", "invalid zone name \"*.example.com\": a wildcard \"*\" is not allowed here")]
    [InlineData("exa mple.com", "invalid zone name \"exa mple.com\": invalid character U+0020 in label \"exa mple\"")]
    [InlineData("exa\\.mple.com", "invalid zone name \"exa\\.mple.com\": escapes are not allowed in names")]
    [InlineData("ex@mple.com", "invalid zone name \"ex@mple.com\": invalid character '@' in label \"ex@mple\"")]
    public void Zone_names(string zone, string? expected) => Assert.Equal(expected, RecordValidator.ValidateZoneName(zone));

    [Theory]
    [InlineData("example.com", null)]
    [InlineData("www.example.com", null)]
    [InlineData("*.example.com", null)]
    [InlineData("*.dev.example.com", null)]
    [InlineData("_sip._tcp.example.com", null)]
    [InlineData("-odd-.example.com", null)]
    [InlineData("a.*.example.com", "invalid domain \"a.*.example.com\": \"*\" is only allowed as the whole leftmost label")]
    [InlineData("*a.example.com", "invalid domain \"*a.example.com\": \"*\" is only allowed as the whole leftmost label")]
    [InlineData("www.example.com.", "invalid domain \"www.example.com.\": name must not end with a dot")]
    [InlineData("www..example.com", "invalid domain \"www..example.com\": empty label (two dots in a row)")]
    [InlineData("w\\032w.example.com", "invalid domain \"w\\032w.example.com\": escapes are not allowed in names")]
    [InlineData("café.example.com", "invalid domain \"café.example.com\": invalid character U+00E9 in label \"café\" (internationalised names must be written in punycode, xn--…)")]
    [InlineData("tab\t.example.com", "invalid domain \"tab\t.example.com\": invalid character U+0009 in label \"tab\t\"")]
    public void Record_owner_names(string domain, string? expected) =>
        Assert.Equal(expected, RecordValidator.ValidateRecord(Record(domain, RecordTypes.A, ["192.0.2.1"])));

    [Fact]
    public void Label_of_63_octets_is_accepted_and_64_refused()
    {
        Assert.Null(RecordValidator.ValidateRecord(Record(Label63 + ".example.com", RecordTypes.A, ["192.0.2.1"])));
        var domain = Label64 + ".example.com";
        Assert.Equal(
            $"invalid domain \"{domain[..64]}…\": label \"{new string('b', 20)}…\" is longer than 63 octets",
            RecordValidator.ValidateRecord(Record(domain, RecordTypes.A, ["192.0.2.1"])));
    }

    [Fact]
    public void Name_of_255_octets_is_accepted_and_longer_refused()
    {
        // Wire length: 3 × (1 + 63) + (1 + 49) + (1 + 7) + (1 + 3) + 1 = 255.
        var fits = $"{Label63}.{Label63}.{Label63}.{new string('c', 49)}.example.com";
        Assert.Null(RecordValidator.ValidateRecord(Record(fits, RecordTypes.A, ["192.0.2.1"])));
        var tooLong = "d." + fits;
        Assert.Equal(
            $"invalid domain \"{tooLong[..64]}…\": name is longer than 255 octets",
            RecordValidator.ValidateRecord(Record(tooLong, RecordTypes.A, ["192.0.2.1"])));
    }

    [Theory]
    [InlineData("www.other.com", "domain www.other.com is not in zone example.com")]
    [InlineData("badexample.com", "domain badexample.com is not in zone example.com")]
    [InlineData("com", "domain com is not in zone example.com")]
    public void Owner_must_be_inside_the_zone(string domain, string expected) =>
        Assert.Equal(expected, RecordValidator.ValidateRecord(Record(domain, RecordTypes.A, ["192.0.2.1"])));
}
