using Xunit;
using Vantage.Model;
using Vantage.Validation;
using static Vantage.Tests.Domain.DomainFixtures;

namespace Vantage.Tests.Domain;

public class ZoneValidationTests
{
    private static readonly ZoneSettings Valid = Settings();

    public static TheoryData<string, ZoneSettings, string?> Cases => new()
    {
        { "defaults", Valid, null },
        { "platform defaults", new ZoneSettings { Id = "z", Name = "example.org" }, null },
        { "bad name", Valid with { Name = "exa mple.com" }, "invalid zone name \"exa mple.com\": invalid character U+0020 in label \"exa mple\"" },
        { "ttl", Valid with { Ttl = -1 }, "ttl must be between 0 and 2147483647" },
        { "nx_ttl", Valid with { NxTtl = -1 }, "nx_ttl must be between 0 and 2147483647" },
        { "refresh", Valid with { Refresh = int.MinValue }, "refresh must be between 0 and 2147483647" },
        { "retry", Valid with { Retry = -7 }, "retry must be between 0 and 2147483647" },
        { "expiry", Valid with { Expiry = -1 }, "expiry must be between 0 and 2147483647" },
        { "timers at max", Valid with { Ttl = int.MaxValue, NxTtl = 0, Refresh = int.MaxValue }, null },
        { "hostmaster with dots", Valid with { Hostmaster = "john.doe@example.com" }, null },
        { "hostmaster without @", Valid with { Hostmaster = "hostmaster.example.com" }, "hostmaster must be an e-mail address (local@domain)" },
        { "hostmaster two @", Valid with { Hostmaster = "a@b@example.com" }, "hostmaster must be an e-mail address (local@domain)" },
        { "hostmaster no local", Valid with { Hostmaster = "@example.com" }, "hostmaster must be an e-mail address (local@domain)" },
        { "hostmaster no domain", Valid with { Hostmaster = "admin@" }, "hostmaster must be an e-mail address (local@domain)" },
        { "hostmaster empty", Valid with { Hostmaster = "" }, "hostmaster must be an e-mail address (local@domain)" },
        { "hostmaster space", Valid with { Hostmaster = "a b@example.com" }, "hostmaster \"a b@example.com\" has an invalid character U+0020 in its local part" },
        { "hostmaster bad domain", Valid with { Hostmaster = "admin@exa..mple" }, "invalid hostmaster \"admin@exa..mple\": empty label (two dots in a row)" },
        { "hostmaster long local", Valid with { Hostmaster = new string('h', 64) + "@example.com" }, "hostmaster local part is longer than 63 octets" },
        { "dns servers", Valid with { DnsServers = ["ns1.example.net", "bad..name"] }, "invalid dns_servers entry \"bad..name\": empty label (two dots in a row)" },
        { "dns servers absolute", Valid with { DnsServers = ["ns1.example.net."] }, null },
        { "primary array", Valid with { PrimaryJson = "[]" }, "primary must be a JSON object" },
        { "secondary null", Valid with { SecondaryJson = null }, null },
        { "secondary object", Valid with { SecondaryJson = "{\"enabled\":false}" }, null },
        { "secondary number", Valid with { SecondaryJson = "5" }, "secondary must be a JSON object" },
        { "meta null literal", Valid with { MetaJson = "null" }, "meta must be a JSON object" },
        { "networks", Valid with { Networks = [-1] }, "networks must be non-negative integers" },
        { "link", Valid with { Link = "other..zone" }, "invalid link \"other..zone\": empty label (two dots in a row)" },
        { "link ok", Valid with { Link = "other.zone" }, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Zone_rules(string because, ZoneSettings settings, string? expected)
    {
        Assert.NotEmpty(because);
        Assert.Equal(expected, RecordValidator.ValidateZone(settings));
    }
}
