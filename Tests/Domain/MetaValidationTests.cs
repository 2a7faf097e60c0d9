using System.Collections.Immutable;
using System.Linq;
using Vantage.Model;
using Vantage.Traffic;
using Vantage.Validation;
using Xunit;
using static Vantage.Tests.Domain.DomainFixtures;

namespace Vantage.Tests.Domain;

/// <summary>Every meta rule with its exact message, and the value forms real clients send.</summary>
public class MetaValidationTests
{
    public static TheoryData<string, string?> Cases => new()
    {
        // meta JSON, expected message (null = valid)
        { "{}", null },
        { "", null },
        { "{\"foo\":1}", "unknown meta key foo" },
        { "{\"Weight\":1}", "unknown meta key Weight" },
        { "[]", "meta must be a JSON object" },
        { "{", "meta must be a JSON object" },
        // up
        { "{\"up\":true}", null },
        { "{\"up\":false}", null },
        { "{\"up\":\"1\"}", null },
        { "{\"up\":\"0\"}", null },
        { "{\"up\":1}", null },
        { "{\"up\":0}", null },
        { "{\"up\":\"true\"}", null },
        { "{\"up\":\"False\"}", null },
        { "{\"up\":2}", "meta up must be a boolean" },
        { "{\"up\":\"yes\"}", "meta up must be a boolean" },
        { "{\"up\":[true]}", "meta up must be a boolean" },
        { "{\"up\":{}}", "meta up must be a boolean" },
        // feed pointers
        { "{\"up\":{\"feed\":\"abc123\"}}", null },
        { "{\"weight\":{\"feed\":\"f\"},\"country\":{\"feed\":\"g\"}}", null },
        { "{\"up\":{\"feed\":\"\"}}", "meta up feed must be a non-empty string" },
        { "{\"up\":{\"feed\":7}}", "meta up feed must be a non-empty string" },
        // connections, requests
        { "{\"connections\":10}", null },
        { "{\"connections\":\"10\"}", null },
        { "{\"connections\":0}", null },
        { "{\"connections\":-1}", "meta connections must be at least 0" },
        { "{\"connections\":1.5}", "meta connections must be an integer" },
        { "{\"requests\":\"many\"}", "meta requests must be an integer" },
        { "{\"requests\":true}", "meta requests must be an integer" },
        // loadavg
        { "{\"loadavg\":1.5}", null },
        { "{\"loadavg\":\"0.3\"}", null },
        { "{\"loadavg\":-0.1}", "meta loadavg must be at least 0" },
        { "{\"loadavg\":\"NaN\"}", "meta loadavg must be a number" },
        // latitude, longitude
        { "{\"latitude\":-90,\"longitude\":180}", null },
        { "{\"latitude\":\"45.5\",\"longitude\":\"-122.6\"}", null },
        { "{\"latitude\":90.01}", "meta latitude must be between -90 and 90" },
        { "{\"longitude\":-180.5}", "meta longitude must be between -180 and 180" },
        { "{\"latitude\":\"north\"}", "meta latitude must be a number" },
        // georegion
        { "{\"georegion\":[\"US-EAST\",\"europe\"]}", null },
        { "{\"georegion\":\"US-WEST,ASIAPAC\"}", null },
        { "{\"georegion\":\"SOUTH-AMERICA\"}", null },
        { "{\"georegion\":[\"MARS\"]}", "meta georegion \"MARS\" is not an NS1 georegion (US-EAST, US-CENTRAL, US-WEST, EUROPE, ASIAPAC, SOUTH-AMERICA, AFRICA)" },
        { "{\"georegion\":[1]}", "meta georegion entries must be strings" },
        { "{\"georegion\":5}", "meta georegion must be a list (a JSON array or a comma-separated string)" },
        // country, us_state, ca_province: syntax that holds with or without the geo tables
        { "{\"country\":[\"US\",\"CA\"]}", null },
        { "{\"country\":\"US,CA\"}", null },
        { "{\"country\":\"us\"}", null },
        { "{\"us_state\":[\"NY\",\"CA\"]}", null },
        { "{\"ca_province\":\"ON, QC\"}", null },
        { "{\"country\":[\"USA\"]}", "meta country \"USA\" is not an ISO 3166 country code" },
        { "{\"country\":[\"1\"]}", "meta country \"1\" is not an ISO 3166 country code" },
        { "{\"us_state\":[\"N\"]}", "meta us_state \"N\" is not a US state code" },
        { "{\"ca_province\":[\"ONT\"]}", "meta ca_province \"ONT\" is not a Canadian province code" },
        { "{\"country\":{\"BR\":1}}", "meta country must be a list (a JSON array or a comma-separated string)" },
        // subdivisions
        { "{\"subdivisions\":{\"BR\":[\"SP\",\"SC\"]}}", null },
        { "{\"subdivisions\":{\"GB\":\"ENG,SCT\",\"FR\":[\"75\"]}}", null },
        { "{\"subdivisions\":[\"BR\"]}", "meta subdivisions must be an object (country code → list of subdivision codes)" },
        { "{\"subdivisions\":{\"BRA\":[\"SP\"]}}", "meta subdivisions country \"BRA\" is not an ISO 3166 country code" },
        { "{\"subdivisions\":{\"BR\":[\"S-P\"]}}", "meta subdivisions \"BR\" code \"S-P\" must be 1 to 3 letters or digits" },
        { "{\"subdivisions\":{\"BR\":[\"ABCD\"]}}", "meta subdivisions \"BR\" code \"ABCD\" must be 1 to 3 letters or digits" },
        { "{\"subdivisions\":{\"BR\":true}}", "meta subdivisions \"BR\" must be a list (a JSON array or a comma-separated string)" },
        // note
        { "{\"note\":\"from:octodns pool=eu\"}", null },
        { "{\"note\":\"" + new string('n', 256) + "\"}", null },
        { "{\"note\":\"" + new string('n', 257) + "\"}", "meta note must be at most 256 characters" },
        { "{\"note\":5}", "meta note must be a string" },
        // ip_prefixes
        { "{\"ip_prefixes\":[\"10.0.0.0/8\",\"2001:db8::/32\",\"192.0.2.1\"]}", null },
        { "{\"ip_prefixes\":\"10.0.0.0/8, 172.16.0.0/12\"}", null },
        { "{\"ip_prefixes\":[\"10.0.0.1/8\"]}", "meta ip_prefixes \"10.0.0.1/8\" has bits set after the prefix length" },
        { "{\"ip_prefixes\":[\"10.0.0.0/33\"]}", "meta ip_prefixes \"10.0.0.0/33\" has an invalid prefix length (0-32)" },
        { "{\"ip_prefixes\":[\"nonsense\"]}", "meta ip_prefixes \"nonsense\" is not an IP address" },
        { "{\"ip_prefixes\":[\"\"]}", "meta ip_prefixes \"\" is empty" },
        { "{\"ip_prefixes\":" + Prefixes(1000) + "}", null },
        { "{\"ip_prefixes\":" + Prefixes(1001) + "}", "meta ip_prefixes must have at most 1000 entries" },
        // asn
        { "{\"asn\":[2914,3257]}", null },
        { "{\"asn\":[\"2914\",0,4294967295]}", null },
        { "{\"asn\":\"2914,3257\"}", null },
        { "{\"asn\":[4294967296]}", "meta asn \"4294967296\" is not an AS number (0 to 4294967295)" },
        { "{\"asn\":[-1]}", "meta asn \"-1\" is not an AS number (0 to 4294967295)" },
        { "{\"asn\":[\"AS2914\"]}", "meta asn \"AS2914\" is not an AS number (0 to 4294967295)" },
        { "{\"asn\":[true]}", "meta asn entries must be numbers or strings" },
        { "{\"asn\":[" + string.Join(",", Enumerable.Range(1, 1001)) + "]}", "meta asn must have at most 1000 entries" },
        // priority
        { "{\"priority\":0}", null },
        { "{\"priority\":\"2\"}", null },
        { "{\"priority\":-1}", "meta priority must be at least 0" },
        { "{\"priority\":1.5}", "meta priority must be an integer" },
        { "{\"priority\":2147483648}", "meta priority must be at most 2147483647" },
        // weight, cost
        { "{\"weight\":10.50}", null },
        { "{\"weight\":\"3\"}", null },
        { "{\"weight\":0}", null },
        { "{\"weight\":\"heavy\"}", "meta weight must be a number" },
        { "{\"weight\":true}", "meta weight must be a number" },
        { "{\"weight\":-1}", "meta weight must be at least 0" },
        { "{\"cost\":12.5}", null },
        { "{\"cost\":-0.5}", "meta cost must be at least 0" },
        // watermarks
        { "{\"low_watermark\":1,\"high_watermark\":\"2\"}", null },
        { "{\"low_watermark\":2,\"high_watermark\":2}", null },
        { "{\"low_watermark\":3,\"high_watermark\":2}", "meta low_watermark must not be greater than high_watermark" },
        { "{\"low_watermark\":3,\"high_watermark\":{\"feed\":\"f\"}}", null },
        { "{\"high_watermark\":-2}", "meta high_watermark must be at least 0" },
        // pulsar, additional_metadata
        { "{\"pulsar\":[{\"job_id\":\"abc\",\"bias\":\"*0.9\",\"a5m_cutoff\":0.9}]}", null },
        { "{\"pulsar\":{\"job_id\":\"abc\"}}", "meta pulsar must be a list of objects" },
        { "{\"pulsar\":[\"abc\"]}", "meta pulsar must be a list of objects" },
        { "{\"pulsar\":[{\"bias\":1}]}", "meta pulsar entry 1 must have a non-empty string job_id" },
        { "{\"pulsar\":[{\"job_id\":\"a\"},{\"job_id\":\"b\",\"bias\":[]}]}", "meta pulsar entry 2 bias must be a string or a number" },
        { "{\"pulsar\":[{\"job_id\":\"a\",\"a5m_cutoff\":\"high\"}]}", "meta pulsar entry 1 a5m_cutoff must be a number" },
        { "{\"additional_metadata\":[{\"owner\":\"team-a\"},{}]}", null },
        { "{\"additional_metadata\":[1]}", "meta additional_metadata must be a list of objects" },
        // null is "not set"
        { "{\"weight\":null}", null },
    };

    private static string Prefixes(int count) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"10.{i / 256}.{i % 256}.0/24\"")) + "]";

    [Theory]
    [MemberData(nameof(Cases))]
    public void Meta_rules(string meta, string? expected) => Assert.Equal(expected, MetaParser.Parse(meta, out _));

    [Fact]
    public void Values_are_parsed_from_every_form()
    {
        const string meta = """
            {"up":"0","connections":"12","requests":7,"loadavg":"1.5","latitude":"45.5","longitude":-122.5,
             "georegion":"us-east, EUROPE","country":"us,ca","us_state":["ny"],"ca_province":"on",
             "subdivisions":{"br":["sp","SC"]},"note":"n","ip_prefixes":"10.0.0.0/8","asn":["2914",3257],
             "priority":"2","weight":"10.5","cost":3,"low_watermark":1,"high_watermark":"2.5",
             "pulsar":[{"job_id":"j"}],"additional_metadata":[{}]}
            """;
        Assert.Null(MetaParser.Parse(meta, out var v));
        Assert.False(v.Up);
        Assert.Equal(12, v.Connections);
        Assert.Equal(7, v.Requests);
        Assert.Equal(1.5, v.Loadavg);
        Assert.Equal(45.5, v.Latitude);
        Assert.Equal(-122.5, v.Longitude);
        Assert.Equal(new[] { Georegion.UsEast, Georegion.Europe }, v.Georegion!.Value.ToArray());
        Assert.Equal(new[] { "US", "CA" }, v.Country!.Value.ToArray());
        Assert.Equal(new[] { "NY" }, v.UsState!.Value.ToArray());
        Assert.Equal(new[] { "ON" }, v.CaProvince!.Value.ToArray());
        Assert.Equal(new[] { "SP", "SC" }, v.Subdivisions!["BR"].ToArray());
        Assert.Equal("n", v.Note);
        Assert.Equal("10.0.0.0/8", Assert.Single(v.IpPrefixes!.Value).ToString());
        Assert.Equal(new[] { 2914u, 3257u }, v.Asn!.Value.ToArray());
        Assert.Equal(2, v.Priority);
        Assert.Equal(10.5, v.Weight);
        Assert.Equal(3, v.Cost);
        Assert.Equal(1, v.LowWatermark);
        Assert.Equal(2.5, v.HighWatermark);
        Assert.Empty(v.Feeds);
    }

    [Fact]
    public void Feed_pointers_are_recorded_and_leave_the_value_unset()
    {
        Assert.Null(MetaParser.Parse("""{"up":{"feed":"f1"},"weight":{"feed":"f2"},"priority":1}""", out var v));
        Assert.Null(v.Up);
        Assert.Null(v.Weight);
        Assert.Equal(1, v.Priority);
        Assert.Equal(ImmutableDictionary<string, string>.Empty.Add("up", "f1").Add("weight", "f2"), v.Feeds);
    }

    [Fact]
    public void Every_catalogued_key_is_accepted_and_nothing_else()
    {
        Assert.Equal(21, MetaParser.Keys.Length);
        Assert.Equal(MetaParser.Keys.Length, MetaParser.Keys.Distinct().Count());
        foreach (var key in MetaParser.Keys)
        {
            Assert.Null(MetaParser.Parse("{\"" + key + "\":{\"feed\":\"x\"}}", out _));
        }
    }

    // --- need the real GeoTables data (skipped while the tables are placeholders) ---

    [Theory]
    [InlineData("{\"country\":[\"XX\"]}", "meta country \"XX\" is not an ISO 3166 country code")]
    [InlineData("{\"country\":\"US,ZZ\"}", "meta country \"ZZ\" is not an ISO 3166 country code")]
    [InlineData("{\"us_state\":[\"ZZ\"]}", "meta us_state \"ZZ\" is not a US state code")]
    [InlineData("{\"ca_province\":[\"ZZ\"]}", "meta ca_province \"ZZ\" is not a Canadian province code")]
    [InlineData("{\"subdivisions\":{\"XX\":[\"A\"]}}", "meta subdivisions country \"XX\" is not an ISO 3166 country code")]
    [InlineData("{\"country\":[\"US\",\"de\",\"BR\"],\"us_state\":[\"NY\",\"TX\"],\"ca_province\":[\"ON\",\"BC\"]}", null)]
    public void Geo_codes_are_checked_against_the_tables(string meta, string? expected) =>
        Assert.Equal(expected, MetaParser.Parse(meta, out _));

    // --- wired into record validation ---

    private static readonly DnsRecord Www = Record("www.example.com", RecordTypes.A, ["192.0.2.1"], ["192.0.2.2"]);

    private static DnsRecord WithAnswerMeta(int index, string meta) =>
        Www with { Answers = Www.Answers.SetItem(index, Www.Answers[index] with { MetaJson = meta }) };

    public static TheoryData<string, DnsRecord, string?> RecordCases => new()
    {
        { "record meta", Www with { MetaJson = "{\"weight\":\"x\"}" }, "meta weight must be a number" },
        { "record meta unknown key", Www with { MetaJson = "{\"foo\":1}" }, "unknown meta key foo" },
        { "region meta", Www with { RegionsJson = "{\"us-east\":{\"meta\":{\"weight\":\"x\"}}}" }, "region us-east: meta weight must be a number" },
        { "region not object", Www with { RegionsJson = "{\"us-east\":[]}" }, "region us-east must be a JSON object" },
        { "region meta not object", Www with { RegionsJson = "{\"eu\":{\"meta\":5}}" }, "region eu: meta must be a JSON object" },
        { "region without meta", Www with { RegionsJson = "{\"eu\":{}}" }, null },
        { "answer 2 meta", WithAnswerMeta(1, "{\"weight\":\"x\"}"), "answer 2: meta weight must be a number" },
        { "answer 1 meta", WithAnswerMeta(0, "{\"country\":\"USA\"}"), "answer 1: meta country \"USA\" is not an ISO 3166 country code" },
        { "answer meta valid", WithAnswerMeta(0, "{\"up\":\"1\",\"weight\":2,\"priority\":\"1\"}"), null },
        {
            "answer region without a regions entry",
            Www with { Answers = [Www.Answers[0] with { Region = "nowhere" }], RegionsJson = "{\"eu\":{\"meta\":{\"georegion\":[\"EUROPE\"]}}}" },
            null
        },
        { "1000 answers", ManyAnswers(1000), null },
        { "1001 answers", ManyAnswers(1001), "a record can have at most 1000 answers" },
    };

    private static DnsRecord ManyAnswers(int count) => Www with
    {
        Answers = [.. Enumerable.Range(0, count).Select(i => new DnsAnswer { Id = "a" + i, Rdata = [$"10.0.{i / 256}.{i % 256}"] })],
    };

    [Theory]
    [MemberData(nameof(RecordCases))]
    public void Record_validation_checks_meta_at_every_level(string because, DnsRecord record, string? expected)
    {
        Assert.NotEmpty(because);
        Assert.Equal(expected, RecordValidator.ValidateRecord(record));
    }

    [Fact]
    public void Regions_are_parsed_by_name()
    {
        Assert.Null(RegionsParser.Parse("""{"us-east":{"meta":{"georegion":"US-EAST","weight":2}},"eu":{}}""", out var regions));
        Assert.Equal(new[] { Georegion.UsEast }, regions["us-east"].Georegion!.Value.ToArray());
        Assert.Equal(2, regions["us-east"].Weight);
        Assert.Same(MetaValues.Empty, regions["eu"]);
    }
}
