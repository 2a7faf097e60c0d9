using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary><c>netfence_prefix</c>: fences on <c>ip_prefixes</c> containing the client's address (or ECS prefix).</summary>
public sealed class NetfencePrefixFilter(FilterSpec spec, SteeringAnswer[] answers) : FenceFilter(spec, "remove_no_ip_prefixes")
{
    private readonly IpPrefix[][] prefixes = answers.Select(a => (a.Meta.IpPrefixes ?? []).ToArray()).ToArray();

    protected override string DataName => "ip_prefixes";

    protected override Fit Classify(int answer, scoped in SteeringContext context)
    {
        var own = prefixes[answer];
        if (own.Length == 0) return Fit.NoData;
        var client = context.Client;
        foreach (var prefix in own)
        {
            // An ECS prefix shorter than the fence's prefix cannot be said to lie inside it.
            if (prefix.Contains(client.IsV6, client.Number) && (!client.FromSubnet || client.PrefixLength >= prefix.Length)) return Fit.Match;
        }
        return Fit.Miss;
    }

    protected override string Describe(SteeringAnswer answer) => "ip_prefixes " + string.Join(",", prefixes[answer.Index]);

    protected override string Client(scoped in SteeringContext context) => "address";
}
