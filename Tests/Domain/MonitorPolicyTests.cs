using System.Collections.Immutable;
using Vantage.Monitoring;

namespace Vantage.Tests.Domain;

/// <summary>Global status from regional ones, and up/down from one result and the job's rules.</summary>
public sealed class MonitorPolicyTests
{
    private static readonly string[] Three = ["lga", "sjc", "ams"];

    // policy, current global, lga, sjc, ams (u/d/p), changed region, expected global
    [Theory]
    [InlineData("quorum", "up", "u", "u", "d", "ams", "up")]
    [InlineData("quorum", "up", "u", "d", "d", "sjc", "down")]
    [InlineData("quorum", "pending", "u", "p", "p", "lga", "pending")]
    [InlineData("quorum", "pending", "u", "u", "p", "sjc", "up")]
    [InlineData("quorum", "down", "d", "u", "p", "sjc", "down")]
    [InlineData("all", "up", "u", "u", "d", "ams", "up")]
    [InlineData("all", "up", "d", "d", "d", "ams", "down")]
    [InlineData("all", "down", "u", "u", "d", "lga", "down")]
    [InlineData("all", "pending", "u", "u", "u", "lga", "up")]
    [InlineData("one", "up", "u", "u", "d", "ams", "down")]
    [InlineData("one", "down", "u", "d", "d", "lga", "up")]
    public void Policy_decides_the_global_status(string policy, string current, string lga, string sjc, string ams, string changed, string expected)
    {
        static StatusPoint P(string s) => new() { Status = s switch { "u" => "up", "d" => "down", _ => "pending" } };
        var regions = new Dictionary<string, StatusPoint> { ["lga"] = P(lga), ["sjc"] = P(sjc), ["ams"] = P(ams) };
        Assert.Equal(expected, MonitorPolicies.Global(policy, current, regions, Three, changed));
    }

    private static MonitorJob Http(params MonitorRule[] rules) =>
        new() { Id = "j", Name = "h", JobType = "http", Regions = ["lga"], Rules = [.. rules] };

    [Theory]
    [InlineData("==", "200", 200, true)]
    [InlineData("==", "200", 503, false)]
    [InlineData("<", "400", 301, true)]
    [InlineData("!=", "500", 500, false)]
    [InlineData(">=", "200", 199, false)]
    public void A_status_code_rule_compares_numbers(string comparison, string value, int status, bool up) =>
        Assert.Equal(up, MonitorRules.IsUp(Http(new MonitorRule { Key = "status_code", Comparison = comparison, Value = value }),
            new ProbeResult { StatusCode = status }));

    [Fact]
    public void Without_rules_an_http_answer_must_be_below_400_and_any_error_is_down()
    {
        Assert.True(MonitorRules.IsUp(Http(), new ProbeResult { StatusCode = 302 }));
        Assert.False(MonitorRules.IsUp(Http(), new ProbeResult { StatusCode = 404 }));
        Assert.False(MonitorRules.IsUp(Http(), new ProbeResult { Error = "timed out" }));
    }

    [Fact]
    public void Text_rules_look_into_output_and_a_missing_measurement_fails()
    {
        var tcp = new MonitorJob { Id = "j", Name = "t", JobType = "tcp", Regions = ["lga"], Rules = [new MonitorRule { Key = "output", Comparison = "contains", Value = "PONG" }] };
        Assert.True(MonitorRules.IsUp(tcp, new ProbeResult { Output = "+PONG\r\n" }));
        Assert.False(MonitorRules.IsUp(tcp, new ProbeResult { Output = "-ERR" }));
        Assert.False(MonitorRules.IsUp(tcp, new ProbeResult()));
    }

    [Fact]
    public void Rendezvous_moves_only_the_joining_members_share()
    {
        string[] three = ["silo-a", "silo-b", "silo-c"];
        string[] four = [.. three, "silo-d"];
        var keys = Enumerable.Range(0, 2000).Select(i => $"job{i}/lga").ToArray();
        var before = keys.ToDictionary(k => k, k => Vantage.Grains.Monitoring.Rendezvous.Owner(k, three));
        var after = keys.ToDictionary(k => k, k => Vantage.Grains.Monitoring.Rendezvous.Owner(k, four));
        var moved = keys.Where(k => before[k] != after[k]).ToArray();
        Assert.All(moved, k => Assert.Equal("silo-d", after[k]));
        Assert.InRange(moved.Length, 400, 600);
        Assert.InRange(before.Values.Count(v => v == "silo-a"), 560, 780);
        Assert.Equal(before.Keys.ToImmutableSortedSet(), keys.Where(k => before[k] is not null).ToImmutableSortedSet());
    }
}
