using Xunit;
using Vantage.Model;
using Vantage.Validation;
using static Vantage.Tests.Domain.DomainFixtures;

namespace Vantage.Tests.Domain;

public class CoexistenceTests
{
    private static Dictionary<string, DnsRecord> Zone(params DnsRecord[] records) => records.ToDictionary(r => r.Key);

    private static readonly DnsRecord WwwA = Record("www.example.com", RecordTypes.A, ["192.0.2.1"]);
    private static readonly DnsRecord WwwCname = Record("www.example.com", RecordTypes.CNAME, ["web.example.net"]);

    [Fact]
    public void Cname_at_the_apex_is_refused() =>
        Assert.Equal("CNAME cannot be created at the zone apex",
            RecordValidator.ValidateCoexistence(Zone(), Record("example.com", RecordTypes.CNAME, ["web.example.net"])));

    [Fact]
    public void Cname_beside_other_data_is_refused() =>
        Assert.Equal("CNAME www.example.com cannot coexist with other records at the same name (A exists)",
            RecordValidator.ValidateCoexistence(Zone(WwwA), WwwCname));

    [Fact]
    public void Other_data_beside_a_cname_is_refused() =>
        Assert.Equal("A www.example.com cannot coexist with the CNAME at the same name",
            RecordValidator.ValidateCoexistence(Zone(WwwCname), WwwA));

    [Theory]
    [InlineData("replacing the CNAME itself", "www.example.com", "CNAME")]
    [InlineData("A at another name", "api.example.com", "A")]
    [InlineData("CNAME at another name", "api.example.com", "CNAME")]
    public void Unrelated_or_same_sets_are_fine(string because, string domain, string type)
    {
        Assert.NotEmpty(because);
        var candidate = type == RecordTypes.CNAME ? Record(domain, type, ["x.example.net"]) : Record(domain, type, ["192.0.2.9"]);
        Assert.Null(RecordValidator.ValidateCoexistence(Zone(WwwCname, Record("example.com", RecordTypes.NS, ["ns1.example.net"])), candidate));
    }

    [Fact]
    public void Different_types_without_cname_coexist() =>
        Assert.Null(RecordValidator.ValidateCoexistence(
            Zone(Record("example.com", RecordTypes.NS, ["ns1.example.net"]), Record("example.com", RecordTypes.A, ["192.0.2.1"])),
            Record("example.com", RecordTypes.MX, ["10", "mail.example.com"])));
}
